// Parsing and validating a safetensors JSON header (internal to core/weights).
//
// Kept apart from the file mapping so the checks are plain functions of bytes: every
// dtype, shape and byte span is checked against the size of the data section here,
// before the reader touches any tensor data.
//
//   auto header = parseSafetensorsHeader("model.safetensors", text, textSize, dataBytes);
//   for (const auto& name : header.names) use(header.infos.at(name));
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/weights/safetensors.h"

namespace unclip {

struct SafetensorsHeader {
    std::vector<std::string> names;  // in the order their data lies in the file
    std::unordered_map<std::string, SafetensorsTensorInfo> infos;
    std::map<std::string, std::string> metadata;
};

// Throws unclip::Error starting with `where` (the file's name) on any problem.
SafetensorsHeader parseSafetensorsHeader(const std::string& where, const char* text, size_t size,
                                         uint64_t dataBytes);

}  // namespace unclip
