#include "harness.h"
#include "test_config.h"

#include <cstdlib>
#include <iostream>
#include <random>
#include <vector>

#ifndef UNCLIP_SOURCE_DIR
#error "UNCLIP_SOURCE_DIR must be defined by the build"
#endif

namespace unclip::test {
namespace {

struct Entry {
    std::string name;
    std::function<void()> body;
};

std::vector<Entry>& registry() {
    static std::vector<Entry> tests;
    return tests;
}

std::vector<std::filesystem::path>& tempDirs() {
    static std::vector<std::filesystem::path> dirs;
    return dirs;
}

}  // namespace

void registerTest(const char* name, std::function<void()> body) {
    registry().push_back({name, std::move(body)});
}

void fail(const char* file, int line, const std::string& what) {
    std::ostringstream os;
    os << std::filesystem::path(file).filename().string() << ":" << line << ": " << what;
    throw Failure(os.str());
}

std::filesystem::path fixtureDir() {
    if (const char* env = std::getenv("UNCLIP_REFERENCE_DIR"); env && *env) {
        std::filesystem::path dir(env);
        if (!std::filesystem::is_directory(dir))
            throw Failure("UNCLIP_REFERENCE_DIR=" + dir.string() + " is not a directory");
        return dir;
    }
    const auto dir = std::filesystem::path(UNCLIP_SOURCE_DIR) / ".." / "shared" / "fixtures" /
                     "unclip-reference-a";
    if (!std::filesystem::is_directory(dir))
        UNCLIP_SKIP("reference fixtures not found at " + dir.lexically_normal().string() +
                    " (set UNCLIP_REFERENCE_DIR to a fixture set to run this test)");
    return dir.lexically_normal();
}

std::filesystem::path tempDir() {
    std::random_device rd;
    auto dir = std::filesystem::temp_directory_path() /
               ("unclip-test-" + std::to_string(rd()) + "-" + std::to_string(rd()));
    std::filesystem::create_directories(dir);
    tempDirs().push_back(dir);
    return dir;
}

}  // namespace unclip::test

int main(int argc, char** argv) {
    using namespace unclip::test;
    const std::string only = argc > 1 ? argv[1] : "";
    int passed = 0, failed = 0, skipped = 0;
    for (const auto& test : registry()) {
        if (!only.empty() && test.name != only) continue;
        try {
            test.body();
            ++passed;
            std::cout << "[ PASS ] " << test.name << "\n";
        } catch (const Skipped& e) {
            ++skipped;
            std::cout << "[ SKIP ] " << test.name << ": " << e.what() << "\n";
        } catch (const Failure& e) {
            ++failed;
            std::cout << "[ FAIL ] " << test.name << ": " << e.what() << "\n";
        } catch (const std::exception& e) {
            ++failed;
            std::cout << "[ FAIL ] " << test.name << ": unexpected exception: " << e.what() << "\n";
        }
        std::cout.flush();
    }
    for (const auto& dir : tempDirs()) {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
    std::cout << passed << " passed, " << failed << " failed, " << skipped << " skipped\n";
    if (failed) return 1;
    if (passed == 0 && skipped > 0) return 77;
    return 0;
}
