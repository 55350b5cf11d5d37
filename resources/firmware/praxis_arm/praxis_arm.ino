// Praxis reference firmware: a robot on its own board, speaking the Praxis line protocol v1.
// Protocol: ../PROTOCOL.md. The protocol itself lives in praxis_line.c (portable C, tested on the host).
//
// Make it yours: set JOINTS to your robot, then replace jointRead()/jointWrite() with your actuators
// (hobby servos, steppers, a motor driver with an encoder). As shipped the joints are simulated, so the
// sketch runs on a bare Arduino Uno and the studio can connect to it straight away.

#include "praxis_line.h"

static const pl_joint JOINTS[] = {
    // name, lower mrad, upper mrad, max speed mrad/s
    {"base", -1570, 1570, 2000},
    {"shoulder", -1200, 1200, 2000},
    {"elbow", -1500, 1500, 2000},
    {"gripper", 0, 1000, 3000},
};
static const uint8_t JOINT_COUNT = sizeof JOINTS / sizeof JOINTS[0];
static const bool SIMULATED = true;

static pl_state link;

static void serialWrite(const char *text, void *) { Serial.print(text); }

// Measured joint position in mrad. With real hardware, read your encoder or potentiometer here.
static int32_t jointRead(uint8_t joint) { return link.position[joint]; }

// Command a joint (mrad), or release it when torque is off. With hobby servos: map mrad to µs and
// call servo.writeMicroseconds(); for release, servo.detach().
static void jointWrite(uint8_t joint, int32_t mrad, bool torque) {
  (void)joint;
  (void)mrad;
  (void)torque;
}

void setup() {
  Serial.begin(115200);
  int32_t initial[JOINT_COUNT] = {0};
  pl_init(&link, "praxis-demo-arm", JOINT_COUNT, JOINTS, initial, serialWrite, nullptr, millis());
}

void loop() {
  const uint32_t now = millis();
  while (Serial.available() > 0) pl_feed(&link, (char)Serial.read(), now);
  if (SIMULATED) {
    pl_step(&link, now, nullptr);
  } else {
    int32_t measured[JOINT_COUNT];
    for (uint8_t j = 0; j < JOINT_COUNT; j++) measured[j] = jointRead(j);
    pl_step(&link, now, measured);
  }
  for (uint8_t j = 0; j < JOINT_COUNT; j++) jointWrite(j, link.target[j], link.torque != 0);
}
