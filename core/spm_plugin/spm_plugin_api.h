/* The plain C interface of unclip_spm_plugin, the module that wraps sentencepiece.
 *
 * Debian's libsentencepiece carries its own protobuf, which cannot share a process with
 * LibTorch's when linked (shared/reference/ENVIRONMENT.md, trap 1). So sentencepiece
 * lives in a module that the engine dlopens with RTLD_DEEPBIND and talks to through
 * these functions only: C types across the boundary, no exceptions, errors as messages.
 *
 *   UnclipSpmModel* m = unclip_spm_load("spiece.model");
 *   if (!m) report(unclip_spm_last_error());
 *   int64_t n = 0;
 *   int32_t* ids = unclip_spm_encode(m, text, strlen(text), &n);   // NULL on error
 *   ...; unclip_spm_free_buffer(ids); unclip_spm_free(m);
 *
 * Every buffer a function returns was allocated by the plugin and must go back through
 * unclip_spm_free_buffer. unclip_spm_last_error is per thread. core/tokenizer/
 * sentencepiece_tokenizer.cpp looks the functions up by the names in this file.
 */
#ifndef UNCLIP_SPM_PLUGIN_API_H
#define UNCLIP_SPM_PLUGIN_API_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped whenever a signature below changes; the loader refuses other versions. */
#define UNCLIP_SPM_API_VERSION 1

typedef struct UnclipSpmModel UnclipSpmModel;

int unclip_spm_api_version(void);

/* The message of the last failure on this thread ("" when none). Valid until the next
 * call on this thread. */
const char* unclip_spm_last_error(void);

/* Loads a .model file; NULL on failure. */
UnclipSpmModel* unclip_spm_load(const char* model_path);
void unclip_spm_free(UnclipSpmModel* model);
void unclip_spm_free_buffer(void* buffer);

/* Encodes UTF-8 text (no BOS/EOS added) into *count ids; NULL on failure. An empty
 * result is a valid, non-NULL buffer with *count == 0. */
int32_t* unclip_spm_encode(const UnclipSpmModel* model, const char* text, size_t length,
                           int64_t* count);
/* Decodes ids into a NUL-terminated UTF-8 string of *length bytes; NULL on failure. */
char* unclip_spm_decode(const UnclipSpmModel* model, const int32_t* ids, int64_t count,
                        size_t* length);

int32_t unclip_spm_vocab_size(const UnclipSpmModel* model);
/* The id of a piece, or the unknown id when the piece is not in the vocabulary. */
int32_t unclip_spm_piece_to_id(const UnclipSpmModel* model, const char* piece);
/* The piece of an id as a NUL-terminated string; NULL when id is out of range. */
char* unclip_spm_id_to_piece(const UnclipSpmModel* model, int32_t id);
/* Special ids as the model defines them; -1 when the model has none. */
int32_t unclip_spm_bos_id(const UnclipSpmModel* model);
int32_t unclip_spm_eos_id(const UnclipSpmModel* model);
int32_t unclip_spm_pad_id(const UnclipSpmModel* model);
int32_t unclip_spm_unk_id(const UnclipSpmModel* model);

/* Trains a model from a text file (one sentence a line), writing model_prefix.model and
 * model_prefix.vocab. options are sentencepiece trainer flags separated by spaces,
 * e.g. "--vocab_size=100 --model_type=unigram"; input and model_prefix are passed
 * apart so paths may contain spaces. Returns 0 on success, -1 on failure. */
int unclip_spm_train(const char* input_path, const char* model_prefix, const char* options);

#ifdef __cplusplus
}
#endif

#endif /* UNCLIP_SPM_PLUGIN_API_H */
