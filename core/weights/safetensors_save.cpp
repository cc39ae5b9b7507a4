// saveSafetensors: header first (computed from shapes alone), then each tensor's bytes,
// converted to contiguous CPU memory one at a time so a large model is never copied
// whole; all into a temporary file that is renamed over the target only once complete.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <random>
#include <set>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/weights/safetensors.h"
#include "core/weights/safetensors_dtype.h"

namespace unclip {
namespace {

struct Planned {
    const std::string* name;
    const torch::Tensor* tensor;
    const SafetensorsDtype* dtype;
    uint64_t bytes;
};

// A temporary file beside the target (same filesystem, so rename is atomic), removed on
// destruction unless committed.
class TempFile {
public:
    explicit TempFile(const std::filesystem::path& target) {
        std::random_device rd;
        path_ = target.parent_path() / ("." + target.filename().string() + ".tmp-" +
                                        std::to_string(::getpid()) + "-" + std::to_string(rd()));
        fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd_ < 0)
            throw Error("cannot write " + target.string() + ": creating " + path_.string() +
                        " failed: " + std::strerror(errno));
    }
    ~TempFile() {
        if (fd_ >= 0) ::close(fd_);
        if (!committed_) ::unlink(path_.c_str());
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    void write(const void* data, size_t size, const std::string& target) {
        const char* p = static_cast<const char*>(data);
        while (size > 0) {
            const ssize_t n = ::write(fd_, p, size);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0)
                throw Error("cannot write " + target + ": " + std::strerror(n < 0 ? errno : EIO) +
                            " (is the disk full?)");
            p += n;
            size -= static_cast<size_t>(n);
        }
    }

    void commit(const std::filesystem::path& target) {
        if (::fsync(fd_) != 0 || ::close(fd_) != 0) {
            fd_ = -1;
            throw Error("cannot write " + target.string() + ": " + std::strerror(errno));
        }
        fd_ = -1;
        if (::rename(path_.c_str(), target.c_str()) != 0)
            throw Error("cannot write " + target.string() + ": renaming " + path_.string() +
                        " failed: " + std::strerror(errno));
        committed_ = true;
    }

private:
    std::filesystem::path path_;
    int fd_ = -1;
    bool committed_ = false;
};

std::vector<Planned> plan(const std::string& where,
                          const std::vector<std::pair<std::string, torch::Tensor>>& tensors) {
    std::vector<Planned> planned;
    std::set<std::string> names;
    for (const auto& [name, tensor] : tensors) {
        const std::string what = where + ": tensor '" + name + "'";
        if (name == "__metadata__") throw Error(what + ": that name is reserved for the metadata");
        if (!names.insert(name).second) throw Error(what + " is given twice");
        if (!tensor.defined()) throw Error(what + " is undefined");
        if (tensor.layout() != torch::kStrided)
            throw Error(what + " is not a dense tensor; convert it with to_dense() first");
        const SafetensorsDtype* dtype = findSafetensorsDtype(tensor.scalar_type());
        if (!dtype)
            throw Error(what + " has dtype " + std::string(c10::toString(tensor.scalar_type())) +
                        ", which safetensors files here cannot hold (supported: " +
                        supportedSafetensorsDtypes() + ")");
        planned.push_back(
            {&name, &tensor, dtype, static_cast<uint64_t>(tensor.numel()) * dtype->elementSize});
    }
    // Widest elements first keeps every tensor aligned to its element size (the header is
    // padded to a multiple of 8), as the reference writer does.
    std::stable_sort(planned.begin(), planned.end(), [](const Planned& a, const Planned& b) {
        return a.dtype->elementSize > b.dtype->elementSize;
    });
    return planned;
}

std::string headerText(const std::string& where, const std::vector<Planned>& planned,
                       const std::map<std::string, std::string>& metadata) {
    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    if (!metadata.empty()) header["__metadata__"] = metadata;
    uint64_t offset = 0;
    for (const auto& p : planned) {
        header[*p.name] = {{"dtype", p.dtype->name},
                           {"shape", p.tensor->sizes().vec()},
                           {"data_offsets", {offset, offset + p.bytes}}};
        offset += p.bytes;
    }
    std::string text;
    try {
        text = header.dump();
    } catch (const nlohmann::json::exception& e) {
        throw Error(where + ": a tensor name or metadata string is not valid UTF-8 (" + e.what() +
                    ")");
    }
    text.append((8 - text.size() % 8) % 8, ' ');
    return text;
}

}  // namespace

void saveSafetensors(const std::filesystem::path& path,
                     const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                     const std::map<std::string, std::string>& metadata) {
    const std::string where = path.string();
    const auto folder =
        path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
    if (!std::filesystem::is_directory(folder))
        throw Error("cannot write " + where + ": the folder " + folder.string() +
                    " does not exist");

    const std::vector<Planned> planned = plan(where, tensors);
    const std::string header = headerText(where, planned, metadata);

    TempFile out(path);
    uint8_t length[8];
    for (int i = 0; i < 8; ++i)
        length[i] = static_cast<uint8_t>(static_cast<uint64_t>(header.size()) >> (8 * i));
    out.write(length, sizeof length, where);
    out.write(header.data(), header.size(), where);
    for (const auto& p : planned) {
        if (p.bytes == 0) continue;
        const torch::Tensor cpu = p.tensor->detach().to(torch::kCPU).contiguous();
        out.write(cpu.data_ptr(), static_cast<size_t>(p.bytes), where);
    }
    out.commit(path);
}

}  // namespace unclip
