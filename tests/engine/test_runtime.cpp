// Runtime choices that do not need a particular machine: which OpenBLAS kernels to ask for.
#include "core/runtime/runtime.h"
#include "harness.h"

using unclip::CpuVectorUnits;
using unclip::openBlasCoreOverride;

UNCLIP_TEST(openblas_generic_fallback_is_replaced_by_what_the_cpu_can_run) {
    CpuVectorUnits avx512{true, true}, avx2{false, true}, old{false, false};
    UNCLIP_CHECK_EQ(openBlasCoreOverride("Prescott", avx512).value_or(""), std::string("SkylakeX"));
    UNCLIP_CHECK_EQ(openBlasCoreOverride("Prescott", avx2).value_or(""), std::string("Haswell"));
    // A CPU without AVX2 really is what the generic kernels are for.
    UNCLIP_CHECK(!openBlasCoreOverride("Prescott", old));
}

UNCLIP_TEST(openblas_detection_that_knew_the_cpu_is_kept) {
    const CpuVectorUnits avx512{true, true};
    for (const char* core : {"SkylakeX", "Haswell", "Zen", "Cooperlake", "SapphireRapids"})
        UNCLIP_CHECK(!openBlasCoreOverride(core, avx512));
    UNCLIP_CHECK(!openBlasCoreOverride("", avx512));  // not OpenBLAS at all
}
