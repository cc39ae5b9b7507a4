// Readers from a component folder's config.json into the networks' config structs.
//
// Every size comes from the file. Fields the engine does not implement (another
// activation, another block type, ...) are rejected with an error naming the file, the
// field and the value, rather than silently running a different network.
//
//   auto decoderConfig = readUNetConfig(folder / "decoder" / "config.json");
#pragma once

#include <filesystem>

#include "models/clip.h"
#include "models/prior_transformer.h"
#include "models/text_proj.h"
#include "models/unet.h"

namespace unclip {

models::ClipTextConfig readClipTextConfig(const std::filesystem::path& configJson);
models::ClipVisionConfig readClipVisionConfig(const std::filesystem::path& configJson);
models::PriorTransformerConfig readPriorConfig(const std::filesystem::path& configJson);
models::TextProjConfig readTextProjConfig(const std::filesystem::path& configJson);
// UNet2DConditionModel (the decoder) and UNet2DModel (super-resolution).
models::UNetConfig readUNetConfig(const std::filesystem::path& configJson);

}  // namespace unclip
