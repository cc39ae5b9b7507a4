// Writing a file so that readers see either the old file or the whole new one, and the
// new one survives a crash or power cut once this returns: write a temporary file in the
// same folder, fsync it, rename it over the target, fsync the folder.
//
//   writeFileAtomic(outDir / "image.png", pngBytes);
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

namespace unclip {

// Errors (missing or unwritable folder, disk full) are unclip::Error naming the path;
// the temporary file is removed on failure.
void writeFileAtomic(const std::filesystem::path& path, const std::vector<uint8_t>& bytes);

}  // namespace unclip
