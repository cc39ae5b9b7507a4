#include "app/cli/arguments.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/common/error.h"

namespace unclip::cli {
namespace {

bool contains(const std::vector<std::string>& list, const std::string& s) {
    return std::find(list.begin(), list.end(), s) != list.end();
}

double parseNumber(const std::string& option, const std::string& text) {
    try {
        size_t used = 0;
        const double v = std::stod(text, &used);
        if (used != text.size() || !std::isfinite(v)) throw std::invalid_argument(text);
        return v;
    } catch (const std::exception&) {
        throw Error("--" + option + " expects a number, got '" + text + "'");
    }
}

}  // namespace

Arguments::Arguments(const std::vector<std::string>& args, const std::vector<std::string>& valued,
                     const std::vector<std::string>& flags) {
    for (size_t i = 0; i < args.size(); ++i) {
        const auto& arg = args[i];
        if (arg.rfind("--", 0) != 0 || arg.size() == 2)
            throw Error("unexpected argument '" + arg + "' (options start with --; see --help)");
        std::string name = arg.substr(2), inlineValue;
        bool hasInline = false;
        if (auto eq = name.find('='); eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name = name.substr(0, eq);
            hasInline = true;
        }
        if (contains(flags, name)) {
            if (hasInline) throw Error("--" + name + " takes no value");
            values_[name].push_back("");
        } else if (contains(valued, name)) {
            if (hasInline) {
                values_[name].push_back(inlineValue);
            } else {
                if (i + 1 >= args.size()) throw Error("--" + name + " needs a value");
                values_[name].push_back(args[++i]);
            }
        } else {
            throw Error("unknown option --" + name + " (see --help)");
        }
    }
}

bool Arguments::has(const std::string& name) const { return values_.count(name) > 0; }

std::optional<std::string> Arguments::value(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    return it->second.back();
}

std::vector<std::string> Arguments::values(const std::string& name) const {
    auto it = values_.find(name);
    return it == values_.end() ? std::vector<std::string>{} : it->second;
}

std::string Arguments::required(const std::string& name) const {
    auto v = value(name);
    if (!v || v->empty()) throw Error("--" + name + " is required (see --help)");
    return *v;
}

std::optional<int64_t> Arguments::integer(const std::string& name, int64_t min, int64_t max) const {
    auto v = value(name);
    if (!v) return std::nullopt;
    const double d = parseNumber(name, *v);
    if (d != std::floor(d) || d < double(min) || d > double(max))
        throw Error("--" + name + " must be a whole number from " + std::to_string(min) + " to " +
                    std::to_string(max) + ", got '" + *v + "'");
    return static_cast<int64_t>(d);
}

std::optional<uint64_t> Arguments::seed(const std::string& name) const {
    auto v = value(name);
    if (!v) return std::nullopt;
    const bool digits = !v->empty() && std::all_of(v->begin(), v->end(),
                                                   [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || v->size() > 20)
        throw Error("--" + name + " must be a non-negative whole number, got '" + *v + "'");
    try {
        return std::stoull(*v);
    } catch (const std::exception&) {
        throw Error("--" + name + " is too large: seeds go up to 18446744073709551615");
    }
}

std::optional<double> Arguments::number(const std::string& name, double min, double max) const {
    auto v = value(name);
    if (!v) return std::nullopt;
    const double d = parseNumber(name, *v);
    if (d < min || d > max) {
        std::ostringstream os;
        os << "--" << name << " must lie in [" << min << ", " << max << "], got " << *v;
        throw Error(os.str());
    }
    return d;
}

std::optional<std::vector<double>> Arguments::numbers(const std::string& name, size_t count,
                                                      double min, double max, bool integers) const {
    auto v = value(name);
    if (!v) return std::nullopt;
    // Split by hand: std::getline drops a trailing empty field, so "25/20/" would pass as
    // two values. Every field, empty ones included, has to be a number.
    std::vector<double> parts;
    for (size_t begin = 0;;) {
        const size_t slash = v->find('/', begin);
        parts.push_back(parseNumber(name, v->substr(begin, slash - begin)));
        if (slash == std::string::npos) break;
        begin = slash + 1;
    }
    if (parts.size() != count) {
        throw Error("--" + name + " expects " + std::to_string(count) +
                    " values separated by '/', got '" + *v + "'");
    }
    for (double d : parts)
        if (d < min || d > max || (integers && d != std::floor(d))) {
            std::ostringstream os;
            os << "--" << name << " values must be " << (integers ? "whole numbers " : "") << "in ["
               << min << ", " << max << "], got '" << *v << "'";
            throw Error(os.str());
        }
    return parts;
}

}  // namespace unclip::cli
