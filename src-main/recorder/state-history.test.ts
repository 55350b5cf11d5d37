import { describe, expect, it } from "vitest";
import { observationCreate } from "./observation";
import { StateHistory } from "./state-history";

function sample(position: number, qz: number) {
	const o = observationCreate(1, ["cube"]);
	o.position[0] = position;
	o.velocity[0] = 1;
	o.objects[0].position = [position, 0, 0];
	const half = qz / 2; // rotation qz about z
	o.objects[0].quaternion = [Math.cos(half), 0, 0, Math.sin(half)];
	return o;
}

describe("StateHistory", () => {
	it("interpolates between the samples around a time, quaternions normalised", () => {
		const h = new StateHistory(1, 1);
		h.push(1.0, sample(0, 0));
		h.push(1.1, sample(1, 1));
		const out = observationCreate(1, ["cube"]);
		expect(h.at(1.025, out, 0.25)).toEqual({ kind: "ok" });
		expect(out.position[0]).toBeCloseTo(0.25, 12);
		expect(out.objects[0].position[0]).toBeCloseTo(0.25, 12);
		const q = out.objects[0].quaternion;
		expect(Math.hypot(q[0], q[1], q[2], q[3])).toBeCloseTo(1, 12);
		expect(2 * Math.atan2(q[3], q[0])).toBeGreaterThan(0.2);
		expect(2 * Math.atan2(q[3], q[0])).toBeLessThan(0.3);
	});

	it("never extrapolates past the newest sample, and calls samples too far apart a gap", () => {
		const h = new StateHistory(1, 1);
		const out = observationCreate(1, ["cube"]);
		expect(h.at(0, out, 0.25).kind).toBe("ahead");
		h.push(1.0, sample(0, 0));
		h.push(1.5, sample(1, 0));
		expect(h.at(1.6, out, 0.25)).toEqual({ kind: "ahead", newestT: 1.5 });
		expect(h.at(1.2, out, 0.25)).toEqual({ kind: "gap", fromT: 1.0, toT: 1.5 });
		expect(h.at(0.9, out, 0.25)).toMatchObject({ kind: "gap", toT: 1.0 });
		expect(h.at(1.5, out, 0.25)).toEqual({ kind: "ok" }); // exactly on a sample
		expect(out.position[0]).toBe(1);
		h.clear();
		expect(h.at(1.5, out, 0.25).kind).toBe("ahead");
	});

	it("keeps the newest 512 samples as a ring", () => {
		const h = new StateHistory(1, 0);
		const out = observationCreate(1, []);
		for (let k = 0; k < 2000; k++)
			h.push(
				k * 0.005,
				(() => {
					const o = observationCreate(1, []);
					o.position[0] = k;
					return o;
				})(),
			);
		expect(h.size).toBe(512);
		expect(h.at(1999 * 0.005 - 0.0025, out, 0.25)).toEqual({ kind: "ok" });
		expect(out.position[0]).toBeCloseTo(1998.5, 9);
		expect(h.at(0.5, out, 0.25).kind).toBe("gap"); // forgotten
	});
});
