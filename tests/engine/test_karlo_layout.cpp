// Full-size networks built from Karlo's published configs must have exactly the
// checkpoint's tensor names and shapes (shared/reference/karlo-keys), so the real
// weights load. Random weights; nothing is run.
#include <fstream>
#include <map>
#include <sstream>

#include "core/config/component_configs.h"
#include "harness.h"
#include "test_config.h"

using namespace unclip;
namespace fs = std::filesystem;

namespace {

fs::path keysDir() {
    auto dir = fs::path(UNCLIP_SOURCE_DIR) / ".." / "shared" / "reference" / "karlo-keys";
    if (!fs::is_directory(dir))
        UNCLIP_SKIP("shared/reference/karlo-keys not found beside the checkout");
    return dir;
}

fs::path karloConfig(const std::string& name) {
    return fs::path(UNCLIP_SOURCE_DIR) / "tests" / "engine" / "data" / "karlo" / (name + ".json");
}

// "name [a, b]" lines -> name -> "[a, b]"
std::map<std::string, std::string> readKeys(const fs::path& file) {
    std::ifstream in(file);
    UNCLIP_CHECK_MSG(in.good(), "cannot read " << file);
    std::map<std::string, std::string> keys;
    std::string line;
    while (std::getline(in, line)) {
        const auto space = line.find(' ');
        // Summary lines ("superres params ...") carry no bracketed shape.
        if (space == std::string::npos || line.compare(space + 1, 1, "[") != 0) continue;
        keys[line.substr(0, space)] = line.substr(space + 1);
    }
    return keys;
}

void checkLayout(torch::nn::Module& module, const std::string& keysFile, int64_t expectedParameters,
                 const std::map<std::string, std::string>& knownGaps = {}) {
    auto want = readKeys(keysDir() / keysFile);
    for (const auto& [name, shape] : knownGaps) want.emplace(name, shape);
    std::map<std::string, std::string> got;
    int64_t count = 0;
    for (const auto& p : module.named_parameters()) {
        got[p.key()] = c10::str(p.value().sizes());
        count += p.value().numel();
    }
    int problems = 0;
    for (const auto& [name, shape] : want) {
        auto it = got.find(name);
        if (it == got.end()) {
            if (++problems <= 10) std::cout << "  missing " << name << " " << shape << "\n";
        } else if (it->second != shape) {
            if (++problems <= 10)
                std::cout << "  " << name << " is " << it->second << ", expected " << shape << "\n";
        }
    }
    for (const auto& [name, shape] : got)
        if (!want.count(name) && ++problems <= 10)
            std::cout << "  unexpected " << name << " " << shape << "\n";
    std::cout << "  " << keysFile << ": " << want.size() << " tensors, " << count
              << " parameters\n";
    UNCLIP_CHECK_MSG(problems == 0, problems << " differences from " << keysFile);
    UNCLIP_CHECK_EQ(count, expectedParameters);
}

}  // namespace

UNCLIP_TEST(decoder_has_karlo_keys) {
    keysDir();
    // decoder_keys.txt as shipped lost its first line, conv_in.weight [320, 3, 3, 3] (its
    // other 715 lines and the parameter count 885,439,686 agree with UNCLIP-SPEC.md).
    models::UNet decoder(readUNetConfig(karloConfig("decoder")));
    checkLayout(*decoder, "decoder_keys.txt", 885439686, {{"conv_in.weight", "[320, 3, 3, 3]"}});
}

UNCLIP_TEST(super_res_has_karlo_keys) {
    keysDir();
    models::UNet superRes(readUNetConfig(karloConfig("super_res")));
    checkLayout(*superRes, "superres_keys.txt", 691579523);
}

UNCLIP_TEST(prior_has_karlo_keys) {
    keysDir();
    models::PriorTransformer prior(readPriorConfig(karloConfig("prior")));
    checkLayout(*prior, "prior_keys.txt", 1022030080);
}

UNCLIP_TEST(text_proj_has_karlo_keys) {
    keysDir();
    models::TextProj textProj(readTextProjConfig(karloConfig("text_proj")));
    checkLayout(*textProj, "text_proj_keys.txt", 7878400);
}
