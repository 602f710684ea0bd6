// A throwaway PostgreSQL cluster for the command-line tests (support/pg_cluster.h): starts one,
// makes the databases named on the command line, prints one line "URI" per database, then waits
// until its standard input closes, and stops and removes the cluster.
//
//     throwaway_postgres hq other    # prints postgresql://hailong@127.0.0.1:PORT/hq, .../other
#include "support/pg_cluster.h"

#include <iostream>
#include <string>

int main(int argc, char** argv) {
    try {
        hailong::test::PgCluster cluster;
        for (int i = 1; i < argc; ++i) std::cout << cluster.createDatabase(argv[i]) << "\n";
        std::cout << "ready" << std::endl;
        std::string line;
        while (std::getline(std::cin, line)) {
            // "sql DBNAME COMMAND": one command as the superuser (roles, grants)
            if (line.rfind("sql ", 0) == 0) {
                const auto space = line.find(' ', 4);
                cluster.execAsSuperuser(line.substr(space + 1), line.substr(4, space - 4));
                std::cout << "done" << std::endl;
            }
        }
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "throwaway_postgres: " << e.what() << "\n";
        return 1;
    }
}
