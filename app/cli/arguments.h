// A small command-line parser for the `unclip` subcommands: --name value options,
// repeatable options, flags, and errors that say which option was wrong.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace unclip::cli {

class Arguments {
public:
    // Parses argv after the subcommand. `valued` options take a value (repeatable ones
    // collect every occurrence); `flags` take none. Anything else is an error.
    Arguments(const std::vector<std::string>& args, const std::vector<std::string>& valued,
              const std::vector<std::string>& flags);

    bool has(const std::string& name) const;
    std::optional<std::string> value(const std::string& name) const;  // the last occurrence
    std::vector<std::string> values(const std::string& name) const;   // every occurrence
    std::string required(const std::string& name) const;

    std::optional<int64_t> integer(const std::string& name, int64_t min, int64_t max) const;
    std::optional<uint64_t> seed(const std::string& name) const;
    std::optional<double> number(const std::string& name, double min, double max) const;
    // "25/25/7" -> {25, 25, 7}; exactly `count` parts, each an integer in [min, max].
    std::optional<std::vector<double>> numbers(const std::string& name, size_t count, double min,
                                               double max, bool integers) const;

private:
    std::map<std::string, std::vector<std::string>> values_;
};

}  // namespace unclip::cli
