#include "core/weights/module_loader.h"

#include <set>
#include <sstream>

#include "core/common/error.h"

namespace unclip {
namespace {

constexpr size_t kMaxListedProblems = 20;

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Old CLIP checkpoints store the constant position_ids buffer; our modules compute it.
bool isIgnored(const std::string& name) {
    return name == "position_ids" || endsWith(name, ".position_ids");
}

std::string shapeText(c10::IntArrayRef shape) {
    std::ostringstream os;
    os << "[";
    for (size_t i = 0; i < shape.size(); ++i) os << (i ? ", " : "") << shape[i];
    os << "]";
    return os.str();
}

// Parameters then buffers, recursively, under dotted names; undefined slots (a Linear
// without bias registers one) are not tensors to load.
std::vector<std::pair<std::string, torch::Tensor>> namedTensors(torch::nn::Module& module) {
    std::vector<std::pair<std::string, torch::Tensor>> out;
    for (const auto& item : module.named_parameters(/*recurse=*/true))
        if (item.value().defined()) out.emplace_back(item.key(), item.value());
    for (const auto& item : module.named_buffers(/*recurse=*/true))
        if (item.value().defined()) out.emplace_back(item.key(), item.value());
    return out;
}

std::vector<std::string> findProblems(
    const std::vector<std::pair<std::string, torch::Tensor>>& expected,
    const SafetensorsFile& file) {
    std::vector<std::string> problems;
    std::set<std::string> known;
    for (const auto& [name, tensor] : expected) {
        known.insert(name);
        if (isIgnored(name)) continue;
        if (!file.contains(name)) {
            problems.push_back("missing tensor '" + name + "' " + shapeText(tensor.sizes()));
            continue;
        }
        const auto& got = file.info(name).shape;
        if (c10::IntArrayRef(got) != tensor.sizes())
            problems.push_back("tensor '" + name + "' has shape " + shapeText(got) + ", expected " +
                               shapeText(tensor.sizes()));
    }
    for (const auto& name : file.tensorNames())
        if (!known.count(name) && !isIgnored(name))
            problems.push_back("unexpected tensor '" + name + "' " +
                               shapeText(file.info(name).shape));
    return problems;
}

[[noreturn]] void report(const std::vector<std::string>& problems, const SafetensorsFile& file,
                         const LoadOptions& options) {
    std::ostringstream os;
    if (!options.component.empty()) os << options.component << ": ";
    os << problems.size() << (problems.size() == 1 ? " problem" : " problems") << " in "
       << file.path().string() << ": ";
    for (size_t i = 0; i < problems.size() && i < kMaxListedProblems; ++i)
        os << (i ? "; " : "") << problems[i];
    if (problems.size() > kMaxListedProblems)
        os << "; and " << problems.size() - kMaxListedProblems << " more";
    os << " (the checkpoint does not match this model's configuration; check config.json and that "
          "the folder holds the right component)";
    throw Error(os.str());
}

}  // namespace

void loadModuleWeights(torch::nn::Module& module, const SafetensorsFile& file,
                       const LoadOptions& options) {
    const auto expected = namedTensors(module);
    const auto problems = findProblems(expected, file);
    if (!problems.empty()) report(problems, file, options);

    torch::NoGradGuard noGrad;
    for (const auto& [name, slot] : expected) {
        const torch::Dtype target = slot.is_floating_point() ? options.dtype : slot.scalar_type();
        torch::Tensor value;
        if (!isIgnored(name)) {
            value = file.tensor(name, target, options.device);
        } else {  // a computed constant: keep the module's own value
            try {
                value = slot.to(options.device, target);
            } catch (const c10::Error& e) {
                throw Error((options.component.empty() ? "" : options.component + ": ") +
                            "cannot move '" + name + "' to " + options.device.str() + ": " +
                            e.what_without_backtrace());
            }
        }
        // set_data swaps the storage under the module's own tensor handle, so the module
        // (and any member field holding the same tensor) sees the loaded values; this is
        // what Module::to does, and it keeps requires_grad.
        torch::Tensor handle = slot;
        handle.set_data(value);
    }
}

std::vector<std::pair<std::string, torch::Tensor>> moduleStateDict(torch::nn::Module& module) {
    auto tensors = namedTensors(module);
    for (auto& entry : tensors) entry.second = entry.second.detach();
    return tensors;
}

std::filesystem::path findWeightsFile(const std::filesystem::path& componentFolder) {
    namespace fs = std::filesystem;
    const std::string where = componentFolder.string();
    std::error_code ec;
    if (!fs::is_directory(componentFolder, ec))
        throw Error(where +
                    " is not a folder (expected a model component folder holding "
                    "diffusion_pytorch_model.safetensors or model.safetensors)");

    for (const char* name :
         {"diffusion_pytorch_model.safetensors", "model.safetensors",
          "diffusion_pytorch_model.fp16.safetensors", "model.fp16.safetensors"}) {
        const fs::path candidate = componentFolder / name;
        if (fs::is_regular_file(candidate, ec)) return candidate;
    }

    std::string pickle, sharded, otherSafetensors;
    for (fs::directory_iterator it(componentFolder, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        const std::string ext = it->path().extension().string();
        if (endsWith(name, ".safetensors.index.json"))
            sharded = name;
        else if (ext == ".safetensors")
            otherSafetensors += (otherSafetensors.empty() ? "" : ", ") + name;
        else if (ext == ".bin" || ext == ".ckpt" || ext == ".pt" || ext == ".pth")
            pickle = name;
    }
    if (!sharded.empty())
        throw Error(
            where + " holds a sharded checkpoint (" + sharded +
            "), which is not supported yet; re-save it as one file, e.g. in Python "
            "model.save_pretrained(out, safe_serialization=True, max_shard_size=\"100GB\")");
    if (!pickle.empty())
        throw Error(
            where + " holds only a PyTorch pickle checkpoint (" + pickle +
            "); pickle files can run arbitrary code when opened, so they are not loaded for "
            "safety. "
            "Convert the model to safetensors, e.g. in Python with diffusers: "
            "UnCLIPPipeline.from_pretrained(path).save_pretrained(out, safe_serialization=True)");
    throw Error("no weights file in " + where +
                " (expected diffusion_pytorch_model.safetensors or model.safetensors" +
                (otherSafetensors.empty() ? std::string() : "; found " + otherSafetensors) + ")");
}

}  // namespace unclip
