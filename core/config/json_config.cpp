#include "core/config/json_config.h"

#include <fstream>

namespace unclip {

nlohmann::json readJsonFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("cannot open " + path.string() + ": the file is missing or unreadable");
    try {
        return nlohmann::json::parse(in);
    } catch (const nlohmann::json::parse_error& e) {
        throw Error(path.string() + " is not valid JSON (" + e.what() + ")");
    }
}

}  // namespace unclip
