#include "core/weights/safetensors.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/common/error.h"
#include "core/weights/safetensors_dtype.h"
#include "core/weights/safetensors_header.h"

// The format stores little-endian numbers and we copy them as they lie.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "safetensors reading assumes a little-endian host");

namespace unclip {
namespace {

// The reference implementation refuses headers above 100 MB; so do we, before parsing.
constexpr uint64_t kMaxHeaderBytes = 100'000'000;

// Closes a descriptor on every path out of open().
struct FdCloser {
    int fd;
    ~FdCloser() {
        if (fd >= 0) ::close(fd);
    }
};

uint64_t readLittleEndian64(const uint8_t* bytes) {
    uint64_t value = 0;
    for (int i = 7; i >= 0; --i) value = (value << 8) | bytes[i];
    return value;
}

}  // namespace

std::shared_ptr<const SafetensorsFile> SafetensorsFile::open(const std::filesystem::path& path) {
    const std::string where = path.string();
    // O_NONBLOCK so a FIFO given by mistake cannot hang us; it does not affect regular files.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        throw Error("cannot open " + where + ": " + std::strerror(errno) +
                    " (check the path and that the weights were downloaded)");
    FdCloser closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0) throw Error("cannot read " + where + ": " + std::strerror(errno));
    if (!S_ISREG(st.st_mode)) throw Error(where + " is not a regular file");

    const uint64_t fileSize = static_cast<uint64_t>(st.st_size);
    if (fileSize == 0)
        throw Error(where +
                    " is empty (0 bytes); the download failed or was interrupted, fetch it again");
    if (fileSize < 8)
        throw Error(
            where + " is " + std::to_string(fileSize) +
            " bytes long, shorter than the 8-byte header length every safetensors file starts "
            "with; the file is truncated or not a safetensors file");

    // The shared_ptr owns the mapping from here on, so every throw below unmaps it.
    std::shared_ptr<SafetensorsFile> file(new SafetensorsFile());
    file->path_ = path;
    void* map = ::mmap(nullptr, static_cast<size_t>(fileSize), PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED)
        throw Error("cannot map " + where + " into memory: " + std::strerror(errno));
    file->map_ = static_cast<const uint8_t*>(map);
    file->mapSize_ = static_cast<size_t>(fileSize);

    const uint64_t headerBytes = readLittleEndian64(file->map_);
    if (headerBytes > fileSize - 8)
        throw Error(where + ": header length " + std::to_string(headerBytes) +
                    " points past the end of the file (" + std::to_string(fileSize) +
                    " bytes); the file is truncated or not a safetensors file");
    if (headerBytes > kMaxHeaderBytes)
        throw Error(where + ": header length " + std::to_string(headerBytes) + " exceeds the " +
                    std::to_string(kMaxHeaderBytes) +
                    "-byte limit; the file is not a safetensors file");
    if (headerBytes < 2)
        throw Error(where + ": header length " + std::to_string(headerBytes) +
                    " is too small to hold a JSON object; the file is not a safetensors file");

    file->dataStart_ = 8 + headerBytes;
    SafetensorsHeader header =
        parseSafetensorsHeader(where, reinterpret_cast<const char*>(file->map_ + 8),
                               static_cast<size_t>(headerBytes), fileSize - file->dataStart_);
    file->names_ = std::move(header.names);
    file->infos_ = std::move(header.infos);
    file->metadata_ = std::move(header.metadata);
    return file;
}

SafetensorsFile::~SafetensorsFile() {
    if (map_) ::munmap(const_cast<uint8_t*>(map_), mapSize_);
}

const SafetensorsTensorInfo& SafetensorsFile::info(const std::string& name) const {
    const auto it = infos_.find(name);
    if (it == infos_.end())
        throw Error(path_.string() + " has no tensor named '" + name + "' (it holds " +
                    std::to_string(names_.size()) + " tensors)");
    return it->second;
}

torch::Tensor SafetensorsFile::tensor(const std::string& name, std::optional<torch::Dtype> dtype,
                                      torch::Device device) const {
    const SafetensorsTensorInfo& meta = info(name);
    const SafetensorsDtype* stored = findSafetensorsDtype(meta.dtype);  // validated in open()
    // BOOL is read as bytes and compared with 0, so a byte other than 0/1 cannot become
    // an invalid bool inside LibTorch.
    const torch::Dtype rawDtype =
        stored->torchDtype == torch::kBool ? torch::kUInt8 : stored->torchDtype;
    try {
        // Copy first: the data may sit at any alignment within the mapping, and the result
        // must not depend on the mapping staying alive.
        torch::Tensor out = torch::empty(meta.shape, torch::TensorOptions().dtype(rawDtype));
        const size_t bytes = static_cast<size_t>(meta.end - meta.begin);
        if (bytes > 0) std::memcpy(out.data_ptr(), map_ + dataStart_ + meta.begin, bytes);
        if (stored->torchDtype == torch::kBool) out = out.ne(0);
        if (dtype && *dtype != out.scalar_type()) out = out.to(*dtype);
        if (out.device() != device) out = out.to(device);
        return out;
    } catch (const c10::Error& e) {
        throw Error(path_.string() + ": cannot load tensor '" + name + "' as " +
                    (dtype ? std::string(c10::toString(*dtype)) : meta.dtype) + " on " +
                    device.str() + ": " + e.what_without_backtrace());
    }
}

}  // namespace unclip
