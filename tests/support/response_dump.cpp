#include "support/response_dump.h"

namespace hailong::test {

using namespace core;

std::string dumpResponse(const Response& r) {
    std::string s = "uuid=" + r.uuid + "\nkiosk=" + r.kioskId + "\nseq=" + std::to_string(r.seq) +
                    "\nunit=" + r.unit.code + "|" + r.unit.name + "|" + r.unit.level + "|" + r.unit.counter +
                    "\nofficer=" + r.officerId + "\nprocedure=" + r.procedureCode + "\ndossier=" + r.dossierCode +
                    "\nsupersedes=" + r.supersedesUuid + "\nquestionnaire=" + r.questionnaireId + "@" +
                    std::to_string(r.questionnaireVersion) + "\nlanguage=" + std::string(languageCode(r.language)) +
                    "\ncomment=" + r.comment + "\nstarted=" + std::to_string(r.startedUtcMs) + "/" +
                    std::to_string(r.startedMonoMs) + "\nended=" + std::to_string(r.endedUtcMs) + "/" +
                    std::to_string(r.endedMonoMs) + "\noffset=" + std::to_string(r.utcOffsetMinutes) +
                    "\nboot=" + r.bootId + "\nend=" + std::string(endReasonName(r.endReason)) +
                    "\nflags=" + std::to_string(r.misuseFlags);
    for (const Answer& a : r.answers) {
        s += "\nanswer=" + a.questionId + "/" + std::string(scaleName(a.scale)) + "@" +
             std::to_string(a.answeredUtcMs) + ":";
        for (const std::string& v : a.values) s += v + ",";
    }
    return s;
}

}  // namespace hailong::test
