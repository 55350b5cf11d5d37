/* Host harness for the Praxis line protocol core: the same praxis_line.c the sketch uses, on a PC.
 * stdin: bytes for the device, except lines starting with '#' which are harness directives:
 *   #tick <ms>   advance the device clock by <ms> milliseconds, one millisecond at a time (runs pl_step)
 * stdout: every byte the device writes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../praxis_arm/praxis_line.h"

static const pl_joint JOINTS[] = {
    {"base", -1570, 1570, 2000},
    {"shoulder", -1200, 1200, 2000},
    {"elbow", -1500, 1500, 2000},
    {"gripper", 0, 1000, 3000},
};

static void out(const char *text, void *ctx) {
  (void)ctx;
  fputs(text, stdout);
  fflush(stdout);
}

int main(void) {
  pl_state s;
  uint32_t now = 0;
  int32_t initial[4] = {0, 100, -100, 500};
  char line[512];
  pl_init(&s, "praxis-demo-arm", 4, JOINTS, initial, out, NULL, now);
  while (fgets(line, sizeof line, stdin)) {
    if (line[0] == '#') {
      if (strncmp(line, "#tick ", 6) == 0) {
        long ms = strtol(line + 6, NULL, 10);
        for (long i = 0; i < ms; i++) pl_step(&s, ++now, NULL);
      }
      continue;
    }
    for (char *c = line; *c; c++) pl_feed(&s, *c, now);
  }
  return 0;
}
