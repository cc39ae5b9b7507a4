#include "app/jobs/stage_eta.h"

#include <numeric>

namespace unclip::app {

void StageEta::report(int stage, qint64 step, qint64 total, qint64 nowMs) {
    if (stage != m_stage || step <= 1) {
        m_stage = stage;
        m_recent.clear();
    }
    m_recent.push_back(nowMs - m_lastMs);
    if (m_recent.size() > size_t(kWindow)) m_recent.pop_front();
    m_lastMs = nowMs;
    m_secondsLeft = -1.0;
    if (step > 0 && total >= step) {
        const double meanMs = double(std::accumulate(m_recent.begin(), m_recent.end(), qint64(0))) /
                              double(m_recent.size());
        m_secondsLeft = double(total - step) * meanMs / 1000.0;
    }
}

}  // namespace unclip::app
