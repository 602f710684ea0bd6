#pragma once
// Sources of identifiers. Injected so tests get predictable ids.
#include <string>

namespace hailong::core {

class IdSource {
public:
    virtual ~IdSource() = default;
    /// A new random 128-bit id as a lowercase RFC 4122 version-4 UUID string.
    virtual std::string newUuid() = 0;
};

/// UUIDs from the operating system's CSPRNG (libsodium randombytes).
class RandomIds final : public IdSource {
public:
    RandomIds();  ///< initialises libsodium; throws std::runtime_error if it cannot
    std::string newUuid() override;
};

/// 00000000-0000-4000-8000-000000000001, ...02, ... for tests.
class SequentialIds final : public IdSource {
public:
    /// first: the number of the first id (tests that need two kiosks start them apart).
    explicit SequentialIds(unsigned long long first = 1) : m_next(first) {}
    std::string newUuid() override;

private:
    unsigned long long m_next = 1;
};

/// True for a lowercase 8-4-4-4-12 hex UUID.
bool isUuid(const std::string& text);

}  // namespace hailong::core
