# fuzz_reply_decode and fuzz_auth_query as libFuzzer binaries (clang only).
# The code under test is compiled into each binary with the same
# instrumentation, so coverage reaches into the decoder and the fake.
set(DNSFAILOVER_FUZZ_CODE
  ${DNSFAILOVER_SOURCE_DIR}/engine/dns/message.cpp
  ${DNSFAILOVER_SOURCE_DIR}/engine/live/dns_wire.cpp
  ${DNSFAILOVER_SOURCE_DIR}/fakes/zone_store.cpp
  ${DNSFAILOVER_SOURCE_DIR}/fakes/dns/auth_answer.cpp
  ${DNSFAILOVER_SOURCE_DIR}/fakes/dns/auth_server.cpp
  ${DNSFAILOVER_SOURCE_DIR}/fakes/dns/wire_door.cpp
  ${DNSFAILOVER_FUZZ_DIR}/fuzz_auth_query.cpp
  ${DNSFAILOVER_FUZZ_DIR}/fuzz_reply_decode.cpp
  ${DNSFAILOVER_FUZZ_DIR}/libfuzzer_main.cpp)
foreach(target replyDecode authQuery)
  if(target STREQUAL "replyDecode")
    set(name fuzz_reply_decode)
  else()
    set(name fuzz_auth_query)
  endif()
  add_executable(${name} ${DNSFAILOVER_FUZZ_CODE})
  target_include_directories(${name} PRIVATE ${DNSFAILOVER_SOURCE_DIR})
  target_compile_definitions(${name} PRIVATE FUZZ_TARGET=${target})
  target_compile_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_libraries(${name} PRIVATE PkgConfig::LDNS)
endforeach()
