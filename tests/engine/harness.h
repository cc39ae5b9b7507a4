// A small test harness for the engine tests.
//
// The engine must build and test where only LibTorch exists (the GPU machine has neither
// Qt Test nor GoogleTest), so its tests use this instead. Each test file is one CTest
// executable; a test that cannot run (fixtures absent) calls UNCLIP_SKIP, and an executable
// whose tests all skipped exits 77, which CTest reports as "Skipped".
//
//   UNCLIP_TEST(loads_prior) {
//       auto dir = unclip::test::fixtureDir();          // skips when absent
//       UNCLIP_CHECK(x.size(0) == 2);
//       UNCLIP_CHECK_THROWS_WITH(load(bad), "expected [2, 3]");
//   }
#pragma once

#include <filesystem>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>

namespace unclip::test {

struct Failure : std::runtime_error {
    using std::runtime_error::runtime_error;
};
struct Skipped : std::runtime_error {
    using std::runtime_error::runtime_error;
};

void registerTest(const char* name, std::function<void()> body);

struct Registrar {
    Registrar(const char* name, std::function<void()> body) { registerTest(name, std::move(body)); }
};

[[noreturn]] void fail(const char* file, int line, const std::string& what);

// The reference fixtures: $UNCLIP_REFERENCE_DIR, else ../shared/fixtures/unclip-reference-a
// beside the checkout. Skips the calling test with a clear message when neither exists.
std::filesystem::path fixtureDir();
// A fresh, empty temporary directory, removed when the test executable exits.
std::filesystem::path tempDir();

}  // namespace unclip::test

#define UNCLIP_TEST(name)                                                                \
    static void unclip_test_##name();                                                    \
    static ::unclip::test::Registrar unclip_registrar_##name(#name, unclip_test_##name); \
    static void unclip_test_##name()

#define UNCLIP_CHECK(cond)                                                             \
    do {                                                                               \
        if (!(cond)) ::unclip::test::fail(__FILE__, __LINE__, "check failed: " #cond); \
    } while (0)

#define UNCLIP_CHECK_MSG(cond, msg)                                     \
    do {                                                                \
        if (!(cond)) {                                                  \
            std::ostringstream unclip_os_;                              \
            unclip_os_ << "check failed: " #cond ": " << msg;           \
            ::unclip::test::fail(__FILE__, __LINE__, unclip_os_.str()); \
        }                                                               \
    } while (0)

#define UNCLIP_CHECK_EQ(a, b)                                                                      \
    do {                                                                                           \
        const auto& unclip_a_ = (a);                                                               \
        const auto& unclip_b_ = (b);                                                               \
        if (!(unclip_a_ == unclip_b_)) {                                                           \
            std::ostringstream unclip_os_;                                                         \
            unclip_os_ << #a " == " #b " failed: got " << unclip_a_ << ", expected " << unclip_b_; \
            ::unclip::test::fail(__FILE__, __LINE__, unclip_os_.str());                            \
        }                                                                                          \
    } while (0)

// Runs expr, which must throw a std::exception whose what() contains substring.
#define UNCLIP_CHECK_THROWS_WITH(expr, substring)                                                  \
    do {                                                                                           \
        bool unclip_threw_ = false;                                                                \
        try {                                                                                      \
            (void)(expr);                                                                          \
        } catch (const ::unclip::test::Failure&) {                                                 \
            throw;                                                                                 \
        } catch (const std::exception& unclip_e_) {                                                \
            unclip_threw_ = true;                                                                  \
            const std::string unclip_what_ = unclip_e_.what();                                     \
            if (unclip_what_.find(substring) == std::string::npos)                                 \
                ::unclip::test::fail(                                                              \
                    __FILE__, __LINE__,                                                            \
                    std::string("error does not mention '") + (substring) + "': " + unclip_what_); \
        }                                                                                          \
        if (!unclip_threw_)                                                                        \
            ::unclip::test::fail(__FILE__, __LINE__, "expected an error from: " #expr);            \
    } while (0)

#define UNCLIP_SKIP(msg) throw ::unclip::test::Skipped(msg)
