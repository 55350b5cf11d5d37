/* The firmware's protocol core as a virtual device on a serial port (e.g. one end of a socat pty pair),
 * in real time: lets the studio's line-protocol driver be tested end to end without a board.
 * Usage: line_device <tty-path>. Joints as in the reference sketch; simulated, slewing at vmax. */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include "../praxis_arm/praxis_line.h"

static const pl_joint JOINTS[] = {
    {"base", -1570, 1570, 2000},
    {"shoulder", -1200, 1200, 2000},
    {"elbow", -1500, 1500, 2000},
    {"gripper", 0, 1000, 3000},
};

static int fd = -1;

static void out(const char *text, void *ctx) {
  (void)ctx;
  size_t n = strlen(text);
  while (n) {
    ssize_t w = write(fd, text, n);
    if (w <= 0) return;
    text += w;
    n -= (size_t)w;
  }
}

static uint32_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint32_t)(ts.tv_sec * 1000u + ts.tv_nsec / 1000000u);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s <tty>\n", argv[0]);
    return 2;
  }
  fd = open(argv[1], O_RDWR | O_NOCTTY);
  if (fd < 0) {
    perror(argv[1]);
    return 1;
  }
  struct termios t;
  if (tcgetattr(fd, &t) == 0) {
    cfmakeraw(&t);
    tcsetattr(fd, TCSANOW, &t);
  }
  pl_state s;
  int32_t initial[4] = {0, 100, -100, 500};
  pl_init(&s, "praxis-demo-arm", 4, JOINTS, initial, out, NULL, now_ms());
  for (;;) {
    struct pollfd p = {fd, POLLIN, 0};
    int r = poll(&p, 1, 1);
    if (r > 0 && (p.revents & (POLLHUP | POLLERR))) return 0;
    if (r > 0 && (p.revents & POLLIN)) {
      char buf[256];
      ssize_t n = read(fd, buf, sizeof buf);
      if (n <= 0) return 0;
      uint32_t now = now_ms();
      for (ssize_t i = 0; i < n; i++) pl_feed(&s, buf[i], now);
    }
    pl_step(&s, now_ms(), NULL);
  }
}
