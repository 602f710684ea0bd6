# The Debian package (issue 7): `cmake --build build --target package` writes
# build/hailong_<version>_<arch>.deb with CPack. What goes where, and why, is in
# packaging/README.md; `./dev.sh package-test` installs it into a clean Debian 12 root.
set(HAILONG_PACKAGE_VERSION "${PROJECT_VERSION}" CACHE STRING "Version of the .deb (Debian version syntax)")
set(pkg "${CMAKE_CURRENT_LIST_DIR}")
set(HAILONG_PACKAGE_MAINTAINER "Hai Long developers <packages@hailong-kiosk.vn>" CACHE STRING
    "Maintainer field of the .deb and its changelog: the team that answers for the package")

# Man pages from each program's --help and --version (help2man), gzipped as Debian wants.
find_program(HELP2MAN help2man)
find_program(GZIP gzip)
if(HAILONG_BUILD_APP AND HELP2MAN AND GZIP)
  set(man_pages)
  foreach(prog hailong hailong-kiosk)
    if(prog STREQUAL "hailong")
      set(what "signed batches of a kiosk and headquarters' import and reports")
    else()
      set(what "the Hai Long satisfaction kiosk (touch screen, full screen)")
    endif()
    set(page "${CMAKE_BINARY_DIR}/man/${prog}.1")
    add_custom_command(OUTPUT "${page}.gz"
      COMMAND ${CMAKE_COMMAND} -E make_directory "${CMAKE_BINARY_DIR}/man"
      COMMAND ${HELP2MAN} --no-info --no-discard-stderr --section=1 "--name=${what}" --output=${page} $<TARGET_FILE:${prog}>
      COMMAND ${GZIP} -9nf "${page}"
      DEPENDS ${prog}
      COMMENT "Man page of ${prog}"
      VERBATIM)
    list(APPEND man_pages "${page}.gz")
  endforeach()
  add_custom_target(hailong_man ALL DEPENDS ${man_pages})
  install(FILES ${man_pages} DESTINATION share/man/man1)
else()
  message(STATUS "help2man not found: no man pages (the package then lacks them; ./dev.sh installs help2man)")
endif()

# Files that are not programs. The kiosk embeds its questionnaire and texts; these copies are
# for administrators (a questionnaire to start from) and for reading.
install(DIRECTORY "${PROJECT_SOURCE_DIR}/assets/" DESTINATION share/hailong)
install(FILES "${PROJECT_SOURCE_DIR}/docs/questionnaire-format.md" "${PROJECT_SOURCE_DIR}/docs/batch-format.md"
              "${PROJECT_SOURCE_DIR}/docs/web.md"
              "${pkg}/README.md"
        DESTINATION share/doc/hailong)
install(FILES "${pkg}/copyright" DESTINATION share/doc/hailong)
# A native package's changelog, gzipped without a timestamp (reproducible).
set(changelog "${CMAKE_BINARY_DIR}/packaging/changelog")
string(TIMESTAMP changelog_date "%a, %d %b %Y %H:%M:%S +0000" UTC)
file(WRITE "${changelog}"
  "hailong (${HAILONG_PACKAGE_VERSION}) bookworm; urgency=medium\n\n"
  "  * Package of the Hai Long kiosk, version ${HAILONG_PACKAGE_VERSION}.\n\n"
  " -- ${HAILONG_PACKAGE_MAINTAINER}  ${changelog_date}\n")
execute_process(COMMAND ${GZIP} -9nf "${changelog}")
install(FILES "${changelog}.gz" DESTINATION share/doc/hailong)
# The service and its configuration (absolute places, as Debian has them).
install(FILES "${pkg}/hailong-kiosk.service" DESTINATION /lib/systemd/system)
# Headquarters in the browser: installed, not enabled (packaging/README.md, docs/web.md).
install(FILES "${pkg}/hailong-hq.service" DESTINATION /lib/systemd/system)
install(PROGRAMS "${pkg}/kiosk-session" "${pkg}/usb-mount" DESTINATION lib/hailong)
# USB sticks mounted for the export (a PC without a desktop mounts nothing by itself).
install(FILES "${pkg}/hailong-usb-mount@.service" DESTINATION /lib/systemd/system)
install(FILES "${pkg}/90-hailong-usb.rules" DESTINATION /lib/udev/rules.d)
install(FILES "${pkg}/kiosk.env" DESTINATION /etc/hailong)
install(FILES "${pkg}/xorg.conf" DESTINATION /etc/X11/hailong)

set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "hailong")
set(CPACK_PACKAGE_VERSION "${HAILONG_PACKAGE_VERSION}")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${HAILONG_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION "misc")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "offline satisfaction-survey kiosk for public-service counters")
# The synopsis is the summary above; this is the long description (CPack indents it).
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "Hai Long turns a PC with a touch screen into a kiosk at the
reception desk of a public-service office: citizens rate the service
with one tap, can give reasons and a comment in Vietnamese, and the
ratings are stored safely in SQLite. Staff export signed daily batches
that headquarters imports into reports.
.
Installed, it starts at boot full screen on tty7 with its own X
server, as the system user hailong, with its data in /var/lib/hailong.
Headquarters in the browser (hailong-hq.service) is installed too, but
off until an administrator enables it.")
# Libraries found by dpkg-shlibdeps; what it cannot see listed by hand: the X server and its
# input driver, xauth (the session's cookie), GL drivers (llvmpipe without a GPU), a font with Vietnamese letters, and
# logind's PAM module (the service's login session lets the X server run without root).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "xserver-xorg-core, xserver-xorg-input-libinput, xauth, libgl1-mesa-dri, fonts-noto-core | fonts-dejavu-core, adduser, systemd, libpam-systemd, udev")
# alsa-utils: alsamixer and speaker-test, to set and test the kiosk's sound (packaging/README.md).
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "alsa-utils")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
file(WRITE "${CMAKE_BINARY_DIR}/packaging/conffiles" "/etc/hailong/kiosk.env\n/etc/X11/hailong/xorg.conf\n")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${pkg}/debian/postinst;${pkg}/debian/prerm;${pkg}/debian/postrm;${CMAKE_BINARY_DIR}/packaging/conffiles")
include(CPack)
