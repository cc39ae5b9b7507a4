#include "core/pipeline/sampling.h"

namespace unclip {

const char* stageName(Stage stage) {
    switch (stage) {
        case Stage::Prior:
            return "prior";
        case Stage::Decoder:
            return "decoder";
        case Stage::SuperRes:
            return "super-res";
    }
    return "?";
}

}  // namespace unclip
