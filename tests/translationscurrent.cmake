# translations_current (ctest): the zh_CN file holds every string of the sources, each translated.
# tst_translations checks the file as it is; this checks that it is up to date: lupdate is run on
# the sources into a copy of it (never into the file itself), and a string that lupdate adds
# (unfinished) or finds gone (vanished) fails the test, named.
#   cmake -DLUPDATE=... -DGENERATOR=.../GenerateLUpdateProject.cmake -DPROJECT_DESCRIPTION=...
#         -DTS_FILE=... -DWORK_DIR=... -P translationscurrent.cmake
foreach(variable LUPDATE GENERATOR PROJECT_DESCRIPTION TS_FILE WORK_DIR)
    if(NOT ${variable})
        message(FATAL_ERROR "translationscurrent.cmake: ${variable} is not set")
    endif()
endforeach()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
get_filename_component(ts_name "${TS_FILE}" NAME)
set(copy "${WORK_DIR}/${ts_name}")
file(COPY_FILE "${TS_FILE}" "${copy}")

# The project lupdate reads (as the update_translations target makes it), pointed at the copy.
set(IN_FILE "${PROJECT_DESCRIPTION}")
set(OUT_FILE "${WORK_DIR}/project.json")
include("${GENERATOR}")
file(READ "${OUT_FILE}" project)
string(REPLACE "${TS_FILE}" "${copy}" project "${project}")
file(WRITE "${OUT_FILE}" "${project}")

execute_process(COMMAND "${LUPDATE}" -project "${OUT_FILE}" -no-obsolete -locations none -silent
                RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "lupdate failed (${status}):\n${output}")
endif()

file(STRINGS "${copy}" lines)
set(problems "")
set(source "")
foreach(line IN LISTS lines)
    if(line MATCHES "<source>(.*)</source>")
        set(source "${CMAKE_MATCH_1}")
    elseif(line MATCHES "type=\"(unfinished|vanished|obsolete)\"")
        string(APPEND problems "  ${CMAKE_MATCH_1}: ${source}\n")
    endif()
endforeach()
if(problems)
    message(FATAL_ERROR "${ts_name} is not up to date with the sources: run `cmake --build BUILD "
        "--target update_translations` and translate these:\n${problems}")
endif()
message(STATUS "${ts_name}: every string of the sources is translated")
