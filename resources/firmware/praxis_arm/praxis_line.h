/* Praxis line protocol v1: the device side, in portable C. See ../PROTOCOL.md. */
#ifndef PRAXIS_LINE_H
#define PRAXIS_LINE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PL_VERSION 1
#define PL_MAX_JOINTS 8
#define PL_LINE_MAX 200
#define PL_WATCHDOG_MS 500

typedef struct {
  const char *name;
  int32_t lower_mrad;
  int32_t upper_mrad;
  int32_t vmax_mrad_s;
} pl_joint;

typedef void (*pl_write_fn)(const char *text, void *ctx);

typedef struct {
  const char *robot;
  uint8_t n;
  const pl_joint *joints;
  pl_write_fn write;
  void *ctx;

  char rx[PL_LINE_MAX + 1];
  uint8_t rx_len;
  uint8_t rx_overflow;

  int32_t target[PL_MAX_JOINTS];
  int32_t position[PL_MAX_JOINTS];
  uint8_t torque;
  uint8_t estop;
  uint8_t watchdog_tripped;
  uint32_t last_host_ms;
  uint32_t last_step_ms;
  uint32_t last_state_ms;
  uint16_t rate_hz;
  uint32_t seq;
  uint32_t bad_lines;
} pl_state;

/* Set up; `initial` are the joints' present positions (mrad). Sends HELLO. */
void pl_init(pl_state *s, const char *robot, uint8_t n, const pl_joint *joints, const int32_t *initial,
             pl_write_fn write, void *ctx, uint32_t now_ms);

/* Feed one received byte. Complete lines are checked and executed. */
void pl_feed(pl_state *s, char c, uint32_t now_ms);

/*
 * Advance: the watchdog, and the state stream at the state rate. `position` are the measured joint
 * positions (mrad); pass NULL to use the built-in simulation (joints slew toward targets at vmax).
 */
void pl_step(pl_state *s, uint32_t now_ms, const int32_t *position);

void pl_send_hello(pl_state *s);
void pl_send_event(pl_state *s, const char *code, const char *words);

#ifdef __cplusplus
}
#endif

#endif
