#!/usr/bin/env python3
"""Every `hailong hq` command on PostgreSQL as an operator uses them (issue 17,
docs/postgresql.md), in a throwaway cluster this test starts (throwaway_postgres): a
headquarters moved from its SQLite file with `hq migrate`, the same report from both; kiosks
trusted and files imported with --db postgresql://…, held batches listed and decided; the
connection taken from PGHOST/PGPORT/PGDATABASE/PGUSER with --db postgresql://; a reader role
that may only read makes the report and may not import; a wrong password named without the
password. Exit 0 if all holds, 1 with the problems.

    check_postgres_commands.py --hailong build/app/hailong --make build/tests/make_conflict_batches \
        --postgres build/tests/throwaway_postgres
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse

problems = []


def run(cmd, want=0, env=None):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)
    if p.returncode != want:
        problems.append(f"`{' '.join(cmd)}` exited {p.returncode}, not {want}:\n{p.stdout}{p.stderr}")
    return p.stdout, p.stderr


def expect(text, part, what):
    if part not in text:
        problems.append(f"{what}: {part!r} not in:\n{text}")


def figures(report):
    """The table's TOTAL line and the headline: what must be equal between stores."""
    total = [line for line in report.splitlines() if line.startswith("TOTAL")]
    m = re.search(r"Headline[^:]*: ([0-9.]+%)", report)
    return (total, m.group(1) if m else None)


class Cluster:
    def __init__(self, tool, *dbs):
        self.p = subprocess.Popen([tool, *dbs], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.uris = {}
        for name in dbs:
            self.uris[name] = self.p.stdout.readline().strip()
        if self.p.stdout.readline().strip() != "ready":
            raise RuntimeError("the throwaway cluster did not start")

    def sql(self, db, command):
        self.p.stdin.write(f"sql {db} {command}\n")
        self.p.stdin.flush()
        if self.p.stdout.readline().strip() != "done":
            raise RuntimeError("cannot run: " + command)

    def close(self):
        self.p.stdin.close()
        self.p.wait(timeout=60)


def roles_sql(doc):
    """The SQL of docs/postgresql.md, section 2, as (database, command) pairs."""
    text = open(doc, encoding="utf-8").read()
    block = text.split("sudo -u postgres psql <<'SQL'\n", 1)[1].split("\nSQL\n", 1)[0]
    db, pending, out = "postgres", "", []
    for line in block.splitlines():
        if line.startswith("\\connect "):
            db = line.split()[1]
            continue
        if line.startswith("--"):
            continue
        pending += " " + line
        if pending.rstrip().endswith(";"):
            out.append((db, pending.strip().rstrip(";")))
            pending = ""
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hailong", required=True)
    ap.add_argument("--make", required=True)
    ap.add_argument("--postgres", required=True)
    ap.add_argument("--doc", required=True, help="docs/postgresql.md, whose SQL is run")
    a = ap.parse_args()
    h = a.hailong
    cluster = Cluster(a.postgres, "moved", "direct", "byenv")
    try:
        with tempfile.TemporaryDirectory(prefix="hailong-pg-") as d:
            out, _ = run([a.make, d])
            kiosk, a3, _ = out.split()
            keys = [os.path.join(d, "keys", k) for k in ("a.json", "b.json")]
            batches = os.path.join(d, "batches")

            # An SQLite headquarters, moved to PostgreSQL: the same report.
            lite = os.path.join(d, "hq.db")
            run([h, "hq", "trust", "--db", lite, *keys])
            run([h, "hq", "import", "--db", lite, batches])
            run([h, "hq", "decide", "--db", lite, kiosk, "3", a3[:12], "--count", "--reason", "checked",
                 "--by", "analyst-1"])
            before, _ = run([h, "hq", "report", "--db", lite])
            moved = cluster.uris["moved"]
            out, _ = run([h, "hq", "migrate", "--from", lite, "--to", moved])
            expect(out, "8 batch files imported again, 12 responses counted (as in the source), 1 decision(s)",
                   "hq migrate")
            after, _ = run([h, "hq", "report", "--db", moved])
            if figures(before) != figures(after) or figures(after)[1] is None:
                problems.append(f"the report differs after hq migrate:\n{before}\n---\n{after}")
            _, err = run([h, "hq", "migrate", "--from", lite, "--to", moved], want=1)
            expect(err, "migrate into an empty database", "migrating into a database that holds data")

            # Straight into PostgreSQL: trust, import (twice), held, decide, kiosks.
            direct = cluster.uris["direct"]
            run([h, "hq", "trust", "--db", direct, *keys])
            out, _ = run([h, "hq", "import", "--db", direct, batches])
            expect(out, "in all 10 counted, 8 held apart", "hq import into PostgreSQL")
            out, _ = run([h, "hq", "import", "--db", direct, batches])
            expect(out, "0 stored, 18 already known", "hq import again")
            held, _ = run([h, "hq", "held", "--db", direct])
            expect(held, "4 batch(es) held apart or set aside, 8 responses not counted", "hq held on PostgreSQL")
            run([h, "hq", "decide", "--db", direct, kiosk, "3", a3[:12], "--count", "--reason", "checked"])
            report, _ = run([h, "hq", "report", "--db", direct])
            if figures(report) != figures(after):
                problems.append(f"imported directly, the figures differ from the migrated ones:\n{report}")
            out, _ = run([h, "hq", "kiosks", "--db", direct])
            expect(out, "2 kiosk(s) registered in PostgreSQL at 127.0.0.1:", "hq kiosks names the server")

            # The connection from the environment, as psql takes it.
            u = urllib.parse.urlparse(cluster.uris["byenv"])
            env = dict(os.environ, PGHOST=u.hostname, PGPORT=str(u.port), PGDATABASE="byenv", PGUSER=u.username)
            run([h, "hq", "trust", "--db", "postgresql://", *keys], env=env)
            out, _ = run([h, "hq", "kiosks", "--db", "postgresql://"], env=env)
            expect(out, "/byenv", "hq kiosks with PGHOST, PGPORT, PGDATABASE, PGUSER")

            # Least privilege: the roles and grants of docs/postgresql.md, as written there (the
            # cluster asks a password on TCP of the members of password_users only).
            password = {"hq_owner": "owner-pw", "hq_importer": "importer-pw", "hq_reader": "reader-pw"}
            for db, command in roles_sql(a.doc):
                if command.startswith("CREATE ROLE"):
                    name = command.split()[2]
                    command = re.sub(r"PASSWORD '[^']*'", f"PASSWORD '{password[name]}' IN ROLE password_users",
                                     command)
                cluster.sql(db, command)
            uri = {name: f"postgresql://{name}:{pw}@{u.hostname}:{u.port}/hailong" for name, pw in password.items()}
            _, err = run([h, "hq", "kiosks", "--db", uri["hq_importer"]], want=1)
            expect(err, "permission denied", "the importer before the owner made the schema")
            run([h, "hq", "kiosks", "--db", uri["hq_owner"]])
            run([h, "hq", "trust", "--db", uri["hq_importer"], *keys])
            run([h, "hq", "import", "--db", uri["hq_importer"], batches])
            run([h, "hq", "decide", "--db", uri["hq_importer"], kiosk, "3", a3[:12], "--count", "--reason", "ok"])
            report, _ = run([h, "hq", "report", "--db", uri["hq_reader"]])
            if figures(report) != figures(after):
                problems.append(f"the reader's report differs:\n{report}")
            out, err = run([h, "hq", "trust", "--db", uri["hq_reader"], *keys], want=1)
            expect(out + err, "permission denied", "a reader registering kiosks")
            _, err = run([h, "hq", "kiosks", "--db", f"postgresql://hq_reader:wrong@{u.hostname}:{u.port}/hailong"],
                         want=1)
            expect(err, "hq_reader", "a wrong password")
            if "wrong" in err:
                problems.append("the password is shown in the message:\n" + err)
    finally:
        cluster.close()
    if problems:
        print("\n\n".join(problems))
        return 1
    print("hq on PostgreSQL: migrate, trust, import, held, decide, kiosks, report, environment, a reader, "
          "a wrong password")
    return 0


if __name__ == "__main__":
    sys.exit(main())
