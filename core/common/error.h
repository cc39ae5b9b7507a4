// unclip::Error: the one exception type the engine throws for bad input.
//
// Every message says what was wrong and, where it can, what to do about it, so the
// command line and the app can show it to a person as it is.
#pragma once

#include <stdexcept>
#include <string>

namespace unclip {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// Thrown when a cancellation token fires between denoising steps; not a failure.
class Cancelled : public std::runtime_error {
public:
    Cancelled() : std::runtime_error("cancelled") {}
};

}  // namespace unclip
