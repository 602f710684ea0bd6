#pragma once
// Every field of a response as text, one per line: tests compare two responses with it and
// Catch shows the difference.
#include "survey/response.h"

#include <string>

namespace hailong::test {

std::string dumpResponse(const core::Response& r);

}  // namespace hailong::test
