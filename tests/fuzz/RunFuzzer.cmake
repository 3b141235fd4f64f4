# SPDX-License-Identifier: MIT
# Runs one libFuzzer target for CTest (cmake -P). Two modes:
#   -DCORPUS=<dir> -DSEEDS=<dirs> -DARTIFACTS=<dir>: copy the seeds into CORPUS (in the build
#       dir, never the repository) and fuzz it with OPTIONS (which bound the time);
#   -DINPUTS=<files>: run the target once on each file, no fuzzing.
# Fails (FATAL_ERROR) on any non-zero exit: a crash, a failed check, a leak, a timeout, an
# out-of-memory or a sanitizer report.
file(MAKE_DIRECTORY ${TMP})
if(DEFINED CORPUS)
    file(MAKE_DIRECTORY ${CORPUS} ${ARTIFACTS})
    foreach(dir ${SEEDS})
        file(GLOB_RECURSE seeds LIST_DIRECTORIES false ${dir}/*)
        foreach(seed ${seeds})
            # Seeds of different folders may share a name (manifest.json): name copies by content.
            file(SHA1 ${seed} hash)
            file(COPY_FILE ${seed} ${CORPUS}/seed-${hash} ONLY_IF_DIFFERENT)
        endforeach()
    endforeach()
    execute_process(COMMAND ${FUZZER} ${OPTIONS} -artifact_prefix=${ARTIFACTS}/ ${CORPUS}
                    RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "${FUZZER} failed (exit ${rc}); the input that failed is in ${ARTIFACTS}/")
    endif()
else()
    if(NOT INPUTS)
        message(FATAL_ERROR "no inputs to run ${FUZZER} on")
    endif()
    execute_process(COMMAND ${FUZZER} ${OPTIONS} ${INPUTS} RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "${FUZZER} failed (exit ${rc}) on one of its regression inputs or seeds")
    endif()
endif()
