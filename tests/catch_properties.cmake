# Read by ctest (tests/CMakeLists.txt, TEST_INCLUDE_FILES) after the Catch2 tests are
# discovered, each set named by its TEST_LIST variable: their labels, and a test name that
# matches no test case fails (Catch2 2.13 exits 0 then unless -w NoTests, and it takes only
# one -w, which is -w NoAssertions).
set(no_match "No test cases matched")
if(hailong_core_fast_tests)
  set_tests_properties(${hailong_core_fast_tests} PROPERTIES LABELS "unit" FAIL_REGULAR_EXPRESSION "${no_match}")
endif()
if(hailong_core_slow_tests)
  set_tests_properties(${hailong_core_slow_tests} PROPERTIES LABELS "unit;slow" FAIL_REGULAR_EXPRESSION "${no_match}")
endif()
if(hailong_core_pg_tests)
  set_tests_properties(${hailong_core_pg_tests} PROPERTIES LABELS "unit;pg" FAIL_REGULAR_EXPRESSION "${no_match}")
endif()
if(hailong_ui_fast_tests)
  set_tests_properties(${hailong_ui_fast_tests} PROPERTIES LABELS "ui" FAIL_REGULAR_EXPRESSION "${no_match}")
endif()
if(hailong_ui_slow_tests)
  set_tests_properties(${hailong_ui_slow_tests} PROPERTIES LABELS "ui;slow" FAIL_REGULAR_EXPRESSION "${no_match}")
endif()
