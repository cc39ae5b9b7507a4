// unclip_spm_plugin: sentencepiece behind the C interface of spm_plugin_api.h.
//
// This module is the only code that links libsentencepiece (see spm_plugin_api.h for
// why). Nothing may escape it as an exception: each entry point catches everything and
// turns it into a message for unclip_spm_last_error.
#include "core/spm_plugin/spm_plugin_api.h"

#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#define UNCLIP_SPM_EXPORT extern "C" __attribute__((visibility("default")))

struct UnclipSpmModel {
    sentencepiece::SentencePieceProcessor processor;
};

namespace {

thread_local std::string lastError;

void setError(std::string message) { lastError = std::move(message); }

// Runs body, turning a C++ exception into an error message and fallback.
template <typename T, typename Body>
T guarded(T fallback, Body&& body) {
    try {
        lastError.clear();
        return body();
    } catch (const std::exception& e) {
        setError(std::string("sentencepiece plugin: ") + e.what());
    } catch (...) {
        setError("sentencepiece plugin: unknown error");
    }
    return fallback;
}

bool checkModel(const UnclipSpmModel* model) {
    if (!model) setError("sentencepiece plugin: no model (null handle)");
    return model != nullptr;
}

// A malloc'd copy (the loader frees it through unclip_spm_free_buffer).
template <typename T>
T* copyOut(const T* data, size_t count, size_t extra = 0) {
    void* buffer = std::malloc((count + extra) * sizeof(T) + 1);
    if (!buffer) throw std::bad_alloc();
    if (count) std::memcpy(buffer, data, count * sizeof(T));
    if (extra) std::memset(static_cast<T*>(buffer) + count, 0, extra * sizeof(T));
    return static_cast<T*>(buffer);
}

// "--key=value --flag" -> {key: value, flag: "true"}; sentencepiece's own args parser
// splits the same way.
std::unordered_map<std::string, std::string> parseOptions(const char* options) {
    std::unordered_map<std::string, std::string> kwargs;
    std::istringstream in(options ? options : "");
    std::string word;
    while (in >> word) {
        size_t start = word.find_first_not_of('-');
        if (start == std::string::npos) continue;
        const size_t eq = word.find('=', start);
        if (eq == std::string::npos)
            kwargs[word.substr(start)] = "true";
        else
            kwargs[word.substr(start, eq - start)] = word.substr(eq + 1);
    }
    return kwargs;
}

}  // namespace

UNCLIP_SPM_EXPORT int unclip_spm_api_version(void) { return UNCLIP_SPM_API_VERSION; }

UNCLIP_SPM_EXPORT const char* unclip_spm_last_error(void) { return lastError.c_str(); }

UNCLIP_SPM_EXPORT UnclipSpmModel* unclip_spm_load(const char* model_path) {
    return guarded<UnclipSpmModel*>(nullptr, [&]() -> UnclipSpmModel* {
        if (!model_path) {
            setError("sentencepiece plugin: no model path given");
            return nullptr;
        }
        auto model = std::make_unique<UnclipSpmModel>();
        const auto status = model->processor.Load(model_path);
        if (!status.ok()) {
            setError(std::string("cannot load sentencepiece model ") + model_path + ": " +
                     status.ToString());
            return nullptr;
        }
        return model.release();
    });
}

UNCLIP_SPM_EXPORT void unclip_spm_free(UnclipSpmModel* model) { delete model; }

UNCLIP_SPM_EXPORT void unclip_spm_free_buffer(void* buffer) { std::free(buffer); }

UNCLIP_SPM_EXPORT int32_t* unclip_spm_encode(const UnclipSpmModel* model, const char* text,
                                             size_t length, int64_t* count) {
    return guarded<int32_t*>(nullptr, [&]() -> int32_t* {
        if (!checkModel(model) || !count || (!text && length)) {
            if (model) setError("sentencepiece plugin: encode called with null arguments");
            return nullptr;
        }
        std::vector<int> ids;
        const auto status = model->processor.Encode(std::string(text ? text : "", length), &ids);
        if (!status.ok()) {
            setError("sentencepiece encode failed: " + status.ToString());
            return nullptr;
        }
        static_assert(sizeof(int) == sizeof(int32_t), "int must be 32 bits");
        *count = static_cast<int64_t>(ids.size());
        return copyOut(reinterpret_cast<const int32_t*>(ids.data()), ids.size());
    });
}

UNCLIP_SPM_EXPORT char* unclip_spm_decode(const UnclipSpmModel* model, const int32_t* ids,
                                          int64_t count, size_t* length) {
    return guarded<char*>(nullptr, [&]() -> char* {
        if (!checkModel(model) || !length || count < 0 || (!ids && count)) {
            if (model) setError("sentencepiece plugin: decode called with bad arguments");
            return nullptr;
        }
        const int size = model->processor.GetPieceSize();
        std::vector<int> idVector(ids, ids + count);
        for (int id : idVector) {
            if (id < 0 || id >= size) {
                setError("sentencepiece decode: id " + std::to_string(id) +
                         " is outside the vocabulary (size " + std::to_string(size) + ")");
                return nullptr;
            }
        }
        std::string text;
        const auto status = model->processor.Decode(idVector, &text);
        if (!status.ok()) {
            setError("sentencepiece decode failed: " + status.ToString());
            return nullptr;
        }
        *length = text.size();
        return copyOut(text.data(), text.size(), 1);
    });
}

UNCLIP_SPM_EXPORT int32_t unclip_spm_vocab_size(const UnclipSpmModel* model) {
    return guarded<int32_t>(
        -1, [&] { return checkModel(model) ? model->processor.GetPieceSize() : -1; });
}

UNCLIP_SPM_EXPORT int32_t unclip_spm_piece_to_id(const UnclipSpmModel* model, const char* piece) {
    return guarded<int32_t>(
        -1, [&] { return checkModel(model) && piece ? model->processor.PieceToId(piece) : -1; });
}

UNCLIP_SPM_EXPORT char* unclip_spm_id_to_piece(const UnclipSpmModel* model, int32_t id) {
    return guarded<char*>(nullptr, [&]() -> char* {
        if (!checkModel(model)) return nullptr;
        if (id < 0 || id >= model->processor.GetPieceSize()) {
            setError("sentencepiece: id " + std::to_string(id) + " is outside the vocabulary");
            return nullptr;
        }
        const std::string& piece = model->processor.IdToPiece(id);
        return copyOut(piece.data(), piece.size(), 1);
    });
}

UNCLIP_SPM_EXPORT int32_t unclip_spm_bos_id(const UnclipSpmModel* model) {
    return guarded<int32_t>(-1, [&] { return checkModel(model) ? model->processor.bos_id() : -1; });
}
UNCLIP_SPM_EXPORT int32_t unclip_spm_eos_id(const UnclipSpmModel* model) {
    return guarded<int32_t>(-1, [&] { return checkModel(model) ? model->processor.eos_id() : -1; });
}
UNCLIP_SPM_EXPORT int32_t unclip_spm_pad_id(const UnclipSpmModel* model) {
    return guarded<int32_t>(-1, [&] { return checkModel(model) ? model->processor.pad_id() : -1; });
}
UNCLIP_SPM_EXPORT int32_t unclip_spm_unk_id(const UnclipSpmModel* model) {
    return guarded<int32_t>(-1, [&] { return checkModel(model) ? model->processor.unk_id() : -1; });
}

UNCLIP_SPM_EXPORT int unclip_spm_train(const char* input_path, const char* model_prefix,
                                       const char* options) {
    return guarded<int>(-1, [&] {
        if (!input_path || !model_prefix) {
            setError("sentencepiece train: input path and model prefix are required");
            return -1;
        }
        auto kwargs = parseOptions(options);
        kwargs["input"] = input_path;
        kwargs["model_prefix"] = model_prefix;
        const auto status = sentencepiece::SentencePieceTrainer::Train(kwargs);
        if (!status.ok()) {
            setError("sentencepiece training failed: " + status.ToString());
            return -1;
        }
        return 0;
    });
}
