// The 3D view draws the arm with urdf-loader (three.js). This loads so101.urdf through that same
// library and checks that its gripper tip lands where MuJoCo's does, so the view and the physics
// agree on joint conventions (axes, origins, signs), not just our own URDF reader.
//
// urdf-loader parses with the browser's DOM. Node has none, so a minimal DOM over our XML reader
// stands in: urdf-loader accepts an already-parsed Document, and needs only nodeName, children,
// getAttribute/hasAttribute and one querySelector form (child[link="…"]).

import { Vector3 } from 'three';
import URDFLoader from 'urdf-loader';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { robotFileRead, SO101_URDF } from './robot-files';
import { SimulatedArm } from './simulated-arm';
import { type XmlElement, xmlParse } from './xml-elements';

class ShimElement {
  readonly nodeName: string;
  readonly children: ShimElement[];
  private readonly attributes: Record<string, string>;
  constructor(element: XmlElement) {
    this.nodeName = element.name;
    this.attributes = element.attributes;
    this.children = element.children.map((child) => new ShimElement(child));
  }
  getAttribute(name: string): string | null {
    return this.attributes[name] ?? null;
  }
  hasAttribute(name: string): boolean {
    return name in this.attributes;
  }
  querySelector(selector: string): ShimElement | null {
    const match = /^(\w+)\[(\w+)="([^"]*)"\]$/.exec(selector);
    if (!match) throw new Error(`shim supports only tag[attr="value"] selectors, not ${selector}`);
    const [, tag, attribute, value] = match;
    for (const child of this.children) {
      if (child.nodeName === tag && child.getAttribute(attribute) === value) return child;
      const deeper = child.querySelector(selector);
      if (deeper) return deeper;
    }
    return null;
  }
}

class ShimDocument {
  readonly children: ShimElement[];
  constructor(root: XmlElement) {
    this.children = [new ShimElement(root)];
  }
}

const globals = globalThis as Record<string, unknown>;
const saved = { Document: globals.Document, Element: globals.Element };

let arm: SimulatedArm;

beforeAll(async () => {
  globals.Document = ShimDocument;
  globals.Element = ShimElement;
  arm = await SimulatedArm.load();
});

afterAll(() => {
  globals.Document = saved.Document;
  globals.Element = saved.Element;
  arm?.dispose();
});

describe('so101.urdf in urdf-loader (the 3D view)', () => {
  it('builds all links and the six joints with the model limits', () => {
    const robot = new URDFLoader().parse(new ShimDocument(xmlParse(robotFileRead(SO101_URDF))) as unknown as Document);
    expect(Object.keys(robot.links)).toEqual(['base', 'shoulder', 'upper_arm', 'forearm', 'wrist', 'gripper', 'moving_jaw', 'gripper_tip']);
    for (const joint of arm.joints) {
      const loaded = robot.joints[joint.name];
      expect(loaded.jointType).toBe('revolute');
      expect(Number(loaded.limit.lower)).toBeCloseTo(joint.lower, 9);
      expect(Number(loaded.limit.upper)).toBeCloseTo(joint.upper, 9);
    }
  });

  it('puts the gripper tip where MuJoCo does, at reachable poses the sim settles into', () => {
    const robot = new URDFLoader().parse(new ShimDocument(xmlParse(robotFileRead(SO101_URDF))) as unknown as Document);
    const poses = [
      [0, 0, 0, 0.9, 0, 0.1],
      [0.8, -0.5, 0.6, 0.4, 1.2, 1.0],
      [-1.2, 0.3, -0.9, -1.0, -2.0, 0.4],
    ];
    for (const pose of poses) {
      arm.reset();
      const applied = arm.setTargets(pose);
      arm.stepFor(2);
      const state = arm.readState();
      for (const [j, joint] of arm.joints.entries()) robot.setJointValue(joint.name, state.position[j]);
      robot.updateMatrixWorld(true);
      const tip = robot.links.gripper_tip.getWorldPosition(new Vector3());
      const expected = arm.endEffectorPose().position;
      expect(Math.hypot(tip.x - expected[0], tip.y - expected[1], tip.z - expected[2]), `pose ${applied}`).toBeLessThan(1e-6);
    }
  });
});
