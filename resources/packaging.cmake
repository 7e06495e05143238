# `cpack -G DEB` in the build directory makes a Debian package of what the install() rules name:
# the binary, the systemd unit and its environment file, the desktop entry, the icons, the AppStream
# metainfo and the manual page, plus what Debian wants of every package (copyright, changelog,
# conffiles). Included from the top-level CMakeLists.txt, after every install() rule.

set(WSM_PACKAGE_MAINTAINER "wsmonitor maintainers <maintainers@users.noreply.h-seed-f3024482.example>"
    CACHE STRING "The Debian package's Maintainer field")
# No licence has been chosen for the project yet; the copyright file says so rather than invent one.
set(WSM_PACKAGE_LICENSE "other" CACHE STRING "The licence's short name in the package's copyright file")
set(WSM_PACKAGE_LICENSE_TEXT "No licence has been chosen for wsmonitor yet: all rights reserved by its authors."
    CACHE STRING "The licence's text (one line) in the package's copyright file")

# Debian's changelog and copyright, generated so that the version and maintainer have one source.
# The date honours SOURCE_DATE_EPOCH, for reproducible packages.
string(TIMESTAMP WSM_PACKAGE_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
set(WSM_LICENSE "${WSM_PACKAGE_LICENSE}")
set(WSM_LICENSE_TEXT "${WSM_PACKAGE_LICENSE_TEXT}")
set(wsm_debian_dir ${CMAKE_CURRENT_BINARY_DIR}/debian)
configure_file(${CMAKE_CURRENT_LIST_DIR}/debian/copyright ${wsm_debian_dir}/copyright @ONLY)
configure_file(${CMAKE_CURRENT_LIST_DIR}/debian/changelog ${wsm_debian_dir}/changelog @ONLY)
configure_file(${CMAKE_CURRENT_LIST_DIR}/debian/conffiles ${wsm_debian_dir}/conffiles COPYONLY)
find_program(WSM_GZIP gzip REQUIRED)
add_custom_command(OUTPUT ${wsm_debian_dir}/changelog.gz
    COMMAND ${WSM_GZIP} -9nf -k ${wsm_debian_dir}/changelog
    DEPENDS ${wsm_debian_dir}/changelog
    VERBATIM)
add_custom_target(wsm_debian_changelog ALL DEPENDS ${wsm_debian_dir}/changelog.gz)
install(FILES ${wsm_debian_dir}/copyright ${wsm_debian_dir}/changelog.gz
    DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_PACKAGE_NAME wsmonitor)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${WSM_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "WebSocket server console with live clients and heartbeats")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${WSM_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The extended description; CPack puts the summary above it as the synopsis, starts each line with
# a space and turns the empty line into " ." (deb-control(5)).
set(CPACK_PACKAGE_DESCRIPTION "wsmonitor runs a WebSocket server and shows every client on it live: who is
connected, whether its heartbeat is alive, how fast it sends and receives, and
why each connection ended (who ended it, the reason and the close code).

The console window kicks, bans, sends and exports the connection log to CSV.
The same server runs headless as a systemd service (wsmonitor.service, options
in /etc/default/wsmonitor), is driven remotely with 'wsmonitor ctl', and
several nodes form a cluster through Redis.")
# Depends: from the libraries the binary links (dpkg-shlibdeps, in dpkg-dev). What it loads as
# plugins cannot be seen that way: the console's platform plugins, the SVG icon plugin and Qt's
# own translations are recommended, since a headless node needs none of them.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-qpa-plugins, libqt6svg6, qt6-translations-l10n")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "redis-server")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${wsm_debian_dir}/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
