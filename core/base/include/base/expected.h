#pragma once
// A small stand-in for C++23 std::expected: a value or an error, never both.
// Used where bad input from a person is an expected outcome (STYLE 2.7).
#include <optional>
#include <utility>
#include <variant>

namespace hailong::core {

template <class E>
struct Unexpected {
    E error;
};
template <class E>
Unexpected<E> unexpected(E e) {
    return Unexpected<E>{std::move(e)};
}

template <class T, class E>
class [[nodiscard]] Expected {
public:
    Expected(T value) : m_v(std::in_place_index<0>, std::move(value)) {}
    Expected(Unexpected<E> u) : m_v(std::in_place_index<1>, std::move(u.error)) {}

    bool hasValue() const { return m_v.index() == 0; }
    explicit operator bool() const { return hasValue(); }
    T& value() { return std::get<0>(m_v); }
    const T& value() const { return std::get<0>(m_v); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }
    const E& error() const { return std::get<1>(m_v); }

private:
    std::variant<T, E> m_v;
};

/// Success with nothing to return, or an error: `return {};` succeeds. Like the general
/// Expected it must be looked at ([[nodiscard]]): an ignored refusal is a silent bug.
template <class E>
class [[nodiscard]] Expected<void, E> {
public:
    Expected() = default;
    Expected(Unexpected<E> u) : m_error(std::move(u.error)) {}

    bool hasValue() const { return !m_error.has_value(); }
    explicit operator bool() const { return hasValue(); }
    const E& error() const { return *m_error; }

private:
    std::optional<E> m_error;
};

}  // namespace hailong::core
