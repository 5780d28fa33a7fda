// What a release build knows of its source: the git commit, given by Scripts/build-release as
// -Xcc -DQUERYLENS_COMMIT="...". Swift has no such define with a value; C does.
#ifndef QUERYLENS_BUILD_INFO_H
#define QUERYLENS_BUILD_INFO_H

/// The commit the binary was built from, or "" when the build did not say.
const char *querylens_build_commit(void);

#endif
