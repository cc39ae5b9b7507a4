// The time left in a running stage, from the durations of its latest steps.
//
// A stage's steps do not all cost the same: the decoder draws its candidates side by side
// for the first 40% of its steps (three times the work of a step after the pick), so an
// estimate from the mean since the stage began kept counting the expensive steps and
// overestimated the rest of the decoder by up to ~2.5x. The mean of the last few steps
// follows such a change within a step or two and is as steady as the old mean otherwise.
#pragma once

#include <QtGlobal>
#include <deque>

namespace unclip::app {

class StageEta {
public:
    // A progress report at `nowMs` (any monotonic clock) for 1-based `step` of `total` in
    // `stage`. A new stage, or step 1, starts the timing again from the previous report
    // (the job's start for the first).
    void report(int stage, qint64 step, qint64 total, qint64 nowMs);
    // Seconds left in the stage after the last report; -1 while unknown.
    double secondsLeft() const { return m_secondsLeft; }

    static constexpr int kWindow = 3;  // latest steps averaged

private:
    int m_stage = -1;
    qint64 m_lastMs = 0;
    std::deque<qint64> m_recent;  // the latest step durations, ms
    double m_secondsLeft = -1.0;
};

}  // namespace unclip::app
