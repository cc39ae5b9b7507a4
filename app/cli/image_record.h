// What a saved image carries about how it was made, shared by the command line and the app's
// job runners: AUTOMATIC1111's `parameters` infotext (other tools read it) and the
// `unclip-studio` JSON with everything needed to make the image again.
//
//   ImageRecord record = textImageRecord(prompt, seed, sampling, model.folder, 256);
//   record.json["job_id"] = jobId;                        // callers may add their own keys
//   auto png = pngWithRecord(encodePng(image), record, 256, 256);   // then writeFileAtomic
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include <torch/torch.h>

#include "core/pipeline/sampling.h"

namespace unclip {

class UnclipModel;

struct ImageRecord {
    std::string prompt;
    std::string negativePrompt;  // unCLIP has none; the line is written (empty) all the same
    std::vector<std::pair<std::string, std::string>> settings;  // A1111 `Key: value` pairs
    nlohmann::json json;
};

// A number as the infotext writes it: shortest form, "8" rather than "8.000000".
std::string formatNumber(double value);

// Text to image: the JSON holds kind "text", prompt, seed, model, steps [prior, decoder,
// super-res], guidance [prior, decoder] and size.
ImageRecord textImageRecord(const std::string& prompt, uint64_t seed, const SamplingOptions& g,
                            const std::filesystem::path& modelFolder, int64_t size);

// Variations and blends: no caption, so the prompt is empty; the JSON holds kind, seed, model,
// steps [decoder, super-res], guidance (decoder) and whatever `sources` names.
ImageRecord decoderImageRecord(const std::string& kind, uint64_t seed, const SamplingOptions& g,
                               const std::filesystem::path& modelFolder,
                               const nlohmann::json& sources);

// A copy of the encoded PNG with the record's two metadata chunks; the infotext gets
// "Size: WxH" appended. unclip::Error when the record cannot be written (see
// GenerationParameters::format) or the PNG is damaged.
std::vector<uint8_t> pngWithRecord(const std::vector<uint8_t>& encodedPng,
                                   const ImageRecord& record, int64_t width, int64_t height);

// An RGB picture (uint8 [H, W, 3]) as the model's CLIP image encoder takes it
// ([1, 3, S, S]), with the folder's feature_extractor settings when it has them.
// unclip::Error when the model cannot vary images (names what the folder lacks).
torch::Tensor clipPixelsFor(const UnclipModel& model, const torch::Tensor& rgbImage);

}  // namespace unclip
