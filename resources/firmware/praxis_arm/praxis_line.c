/* Praxis line protocol v1, device side. Integers only; no printf, no heap. See ../PROTOCOL.md. */
#include "praxis_line.h"

#define OUT_MAX (PL_LINE_MAX + 8)

typedef struct {
  char buf[OUT_MAX];
  uint8_t len;
} pl_out;

static void out_str(pl_out *o, const char *t) {
  while (*t && o->len < PL_LINE_MAX) o->buf[o->len++] = *t++;
}

static void out_int(pl_out *o, int32_t v) {
  char tmp[12];
  uint8_t n = 0;
  uint32_t u = v < 0 ? (uint32_t)(-(v + 1)) + 1u : (uint32_t)v;
  if (v < 0) out_str(o, "-");
  do {
    tmp[n++] = (char)('0' + u % 10u);
    u /= 10u;
  } while (u && n < sizeof tmp);
  while (n && o->len < PL_LINE_MAX) o->buf[o->len++] = tmp[--n];
}

static void out_uint(pl_out *o, uint32_t u) {
  char tmp[11];
  uint8_t n = 0;
  do {
    tmp[n++] = (char)('0' + u % 10u);
    u /= 10u;
  } while (u && n < sizeof tmp);
  while (n && o->len < PL_LINE_MAX) o->buf[o->len++] = tmp[--n];
}

static const char HEX[] = "0123456789ABCDEF";

static void out_send(pl_state *s, pl_out *o) {
  uint8_t ck = 0;
  for (uint8_t i = 0; i < o->len; i++) ck ^= (uint8_t)o->buf[i];
  o->buf[o->len++] = '*';
  o->buf[o->len++] = HEX[ck >> 4];
  o->buf[o->len++] = HEX[ck & 15];
  o->buf[o->len++] = '\n';
  o->buf[o->len] = 0;
  s->write(o->buf, s->ctx);
}

void pl_send_hello(pl_state *s) {
  pl_out o = {{0}, 0};
  out_str(&o, "HELLO praxis-line ");
  out_uint(&o, PL_VERSION);
  out_str(&o, " ");
  out_str(&o, s->robot);
  out_str(&o, " ");
  out_uint(&o, s->n);
  for (uint8_t j = 0; j < s->n; j++) {
    out_str(&o, " ");
    out_str(&o, s->joints[j].name);
    out_str(&o, ":");
    out_int(&o, s->joints[j].lower_mrad);
    out_str(&o, ":");
    out_int(&o, s->joints[j].upper_mrad);
    out_str(&o, ":");
    out_int(&o, s->joints[j].vmax_mrad_s);
  }
  out_send(s, &o);
}

void pl_send_event(pl_state *s, const char *code, const char *words) {
  pl_out o = {{0}, 0};
  out_str(&o, "E ");
  out_str(&o, code);
  if (words && *words) {
    out_str(&o, " ");
    out_str(&o, words);
  }
  out_send(s, &o);
}

static void send_ack(pl_state *s, const char *type, int32_t value, uint8_t with_value) {
  pl_out o = {{0}, 0};
  out_str(&o, type);
  if (with_value) {
    out_str(&o, " ");
    out_int(&o, value);
  }
  out_send(s, &o);
}

static void send_state(pl_state *s, uint32_t now_ms) {
  pl_out o = {{0}, 0};
  out_str(&o, "S ");
  out_uint(&o, s->seq++);
  out_str(&o, " ");
  out_uint(&o, now_ms);
  out_str(&o, " ");
  out_uint(&o, s->torque);
  for (uint8_t j = 0; j < s->n; j++) {
    out_str(&o, " ");
    out_int(&o, s->position[j]);
  }
  out_send(s, &o);
}

void pl_init(pl_state *s, const char *robot, uint8_t n, const pl_joint *joints, const int32_t *initial,
             pl_write_fn write, void *ctx, uint32_t now_ms) {
  uint8_t *p = (uint8_t *)s;
  for (uint16_t i = 0; i < sizeof *s; i++) p[i] = 0;
  s->robot = robot;
  s->n = n > PL_MAX_JOINTS ? PL_MAX_JOINTS : n;
  s->joints = joints;
  s->write = write;
  s->ctx = ctx;
  s->rate_hz = 100;
  s->last_host_ms = now_ms;
  s->last_step_ms = now_ms;
  s->last_state_ms = now_ms;
  for (uint8_t j = 0; j < s->n; j++) s->position[j] = s->target[j] = initial ? initial[j] : 0;
  pl_send_hello(s);
}

/* Parse a signed decimal at *p; advances p. Returns 0 when no digits. */
static uint8_t parse_int(const char **p, int32_t *out) {
  const char *t = *p;
  int32_t sign = 1, v = 0;
  uint8_t digits = 0;
  if (*t == '-') {
    sign = -1;
    t++;
  }
  while (*t >= '0' && *t <= '9') {
    if (v > 214748364) return 0;
    v = v * 10 + (*t++ - '0');
    digits++;
  }
  if (!digits || (*t != ' ' && *t != 0)) return 0;
  if (*t == ' ') t++;
  *p = t;
  *out = v * sign;
  return 1;
}

static int32_t clamp(int32_t v, int32_t lo, int32_t hi) { return v < lo ? lo : v > hi ? hi : v; }

static void hold_present(pl_state *s) {
  for (uint8_t j = 0; j < s->n; j++) s->target[j] = s->position[j];
}

static void execute(pl_state *s, const char *line, uint32_t now_ms) {
  const char *args = line[0] && line[1] == ' ' ? line + 2 : line + 1;
  int32_t v = 0;
  s->last_host_ms = now_ms;
  s->watchdog_tripped = 0;
  switch (line[0]) {
    case '?':
      pl_send_hello(s);
      return;
    case 'G': {
      int32_t t[PL_MAX_JOINTS];
      uint8_t clipped = 0;
      for (uint8_t j = 0; j < s->n; j++) {
        if (!parse_int(&args, &t[j])) {
          pl_send_event(s, "BADLINE", "G needs one integer per joint");
          return;
        }
      }
      if (*args) {
        pl_send_event(s, "BADLINE", "G has too many values");
        return;
      }
      if (s->estop || !s->torque) return; /* targets are meaningless without torque */
      for (uint8_t j = 0; j < s->n; j++) {
        int32_t c = clamp(t[j], s->joints[j].lower_mrad, s->joints[j].upper_mrad);
        if (c != t[j]) clipped = 1;
        s->target[j] = c;
      }
      if (clipped) pl_send_event(s, "LIMIT", "target clamped to joint limits");
      return;
    }
    case 'T':
      if (!parse_int(&args, &v) || (v != 0 && v != 1)) break;
      if (v == 1 && s->estop) {
        pl_send_event(s, "LATCHED", "send R to release the e-stop first");
        return;
      }
      if (v == 1) hold_present(s);
      s->torque = (uint8_t)v;
      send_ack(s, "T", v, 1);
      return;
    case 'X':
      s->estop = 1;
      s->torque = 0;
      hold_present(s);
      pl_send_event(s, "ESTOP", "host");
      return;
    case 'R':
      s->estop = 0;
      send_ack(s, "R", 0, 0);
      return;
    case 'H':
      if (!parse_int(&args, &v)) break;
      send_ack(s, "H", v, 1);
      return;
    case 'F':
      if (!parse_int(&args, &v) || v < 1 || v > 500) break;
      s->rate_hz = (uint16_t)v;
      send_ack(s, "F", v, 1);
      return;
    default:
      break;
  }
  s->bad_lines++;
  pl_send_event(s, "BADLINE", "unknown or malformed command");
}

static uint8_t hexval(char c) {
  if (c >= '0' && c <= '9') return (uint8_t)(c - '0');
  if (c >= 'A' && c <= 'F') return (uint8_t)(c - 'A' + 10);
  if (c >= 'a' && c <= 'f') return (uint8_t)(c - 'a' + 10);
  return 255;
}

static void end_line(pl_state *s, uint32_t now_ms) {
  uint8_t len = s->rx_len;
  s->rx_len = 0;
  if (s->rx_overflow) {
    s->rx_overflow = 0;
    s->bad_lines++;
    return;
  }
  if (len == 0) return;
  /* Must end in *HH with the XOR of everything before '*'. */
  if (len < 4 || s->rx[len - 3] != '*') {
    s->bad_lines++;
    return;
  }
  uint8_t hi = hexval(s->rx[len - 2]), lo = hexval(s->rx[len - 1]);
  uint8_t ck = 0;
  for (uint8_t i = 0; i < len - 3; i++) ck ^= (uint8_t)s->rx[i];
  if (hi > 15 || lo > 15 || ((hi << 4) | lo) != ck) {
    s->bad_lines++;
    return;
  }
  s->rx[len - 3] = 0;
  execute(s, s->rx, now_ms);
}

void pl_feed(pl_state *s, char c, uint32_t now_ms) {
  if (c == '\r') return;
  if (c == '\n') {
    end_line(s, now_ms);
    return;
  }
  if (s->rx_len >= PL_LINE_MAX) {
    s->rx_overflow = 1;
    return;
  }
  s->rx[s->rx_len++] = c;
}

void pl_step(pl_state *s, uint32_t now_ms, const int32_t *position) {
  uint32_t dt = now_ms - s->last_step_ms;
  s->last_step_ms = now_ms;
  if (position) {
    for (uint8_t j = 0; j < s->n; j++) s->position[j] = position[j];
  } else if (s->torque) {
    for (uint8_t j = 0; j < s->n; j++) {
      int32_t max_step = (int32_t)(((int64_t)s->joints[j].vmax_mrad_s * dt) / 1000);
      int32_t d = s->target[j] - s->position[j];
      s->position[j] += d > max_step ? max_step : d < -max_step ? -max_step : d;
    }
  }
  if (s->torque && !s->watchdog_tripped && now_ms - s->last_host_ms > PL_WATCHDOG_MS) {
    s->watchdog_tripped = 1;
    hold_present(s);
    pl_send_event(s, "WATCHDOG", "no host line for 500 ms; holding position");
  }
  if (now_ms - s->last_state_ms >= 1000u / s->rate_hz) {
    s->last_state_ms = now_ms;
    send_state(s, now_ms);
  }
}
