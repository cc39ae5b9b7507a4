// Reading and writing .safetensors files (https://github.com/huggingface/safetensors).
//
// A file is an 8-byte little-endian header length, a JSON header naming each tensor's
// dtype, shape and byte span, then the raw data. open() memory-maps the file and checks
// every number in the header before any byte of data is used, so a truncated download or
// a hostile file ends in an unclip::Error that names the file and the tensor, never in a
// read out of bounds.
//
//   auto file = SafetensorsFile::open(dir / "diffusion_pytorch_model.safetensors");
//   for (const auto& name : file->tensorNames())
//       std::cout << name << " " << file->info(name).dtype << "\n";
//   torch::Tensor w = file->tensor("conv_in.weight", torch::kFloat32, torch::kCUDA);
//
//   saveSafetensors(dir / "model.safetensors", {{"proj.weight", w}}, {{"format", "pt"}});
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <torch/torch.h>

namespace unclip {

// One tensor's entry in the header, already validated against the file.
struct SafetensorsTensorInfo {
    std::string dtype;           // as written in the file: "F32", "BF16", "I64", ...
    std::vector<int64_t> shape;  // empty for a scalar
    uint64_t begin = 0;          // byte span inside the data section, [begin, end)
    uint64_t end = 0;
};

class SafetensorsFile {
public:
    // Maps and validates the file; throws unclip::Error naming the file on any problem.
    static std::shared_ptr<const SafetensorsFile> open(const std::filesystem::path& path);

    ~SafetensorsFile();
    SafetensorsFile(const SafetensorsFile&) = delete;
    SafetensorsFile& operator=(const SafetensorsFile&) = delete;

    const std::filesystem::path& path() const { return path_; }
    // Names in the order their data lies in the file.
    const std::vector<std::string>& tensorNames() const { return names_; }
    bool contains(const std::string& name) const { return infos_.count(name) != 0; }
    // Throws unclip::Error when the file has no tensor of that name.
    const SafetensorsTensorInfo& info(const std::string& name) const;
    // The optional "__metadata__" map (e.g. {"format": "pt"}).
    const std::map<std::string, std::string>& metadata() const { return metadata_; }

    // An owning copy of the tensor (it does not keep the mapping alive), converted to dtype
    // (default: the file's own dtype) and moved to device.
    torch::Tensor tensor(const std::string& name, std::optional<torch::Dtype> dtype = std::nullopt,
                         torch::Device device = torch::kCPU) const;

private:
    SafetensorsFile() = default;

    std::filesystem::path path_;
    const uint8_t* map_ = nullptr;  // the whole file, read-only
    size_t mapSize_ = 0;
    uint64_t dataStart_ = 0;  // offset of the data section within the file
    std::vector<std::string> names_;
    std::unordered_map<std::string, SafetensorsTensorInfo> infos_;
    std::map<std::string, std::string> metadata_;
};

// Writes tensors (made contiguous and copied to the CPU) and metadata as a safetensors
// file. Tensors are laid out largest element size first, as the reference writer does, so
// every tensor starts aligned to its element size. The file is written beside its final
// name and renamed into place, so a crash never leaves half a file under that name.
void saveSafetensors(const std::filesystem::path& path,
                     const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                     const std::map<std::string, std::string>& metadata = {});

}  // namespace unclip
