// The rule that gives every dataset row exactly one image per camera, so video frame i sits at
// from_timestamp + i/fps as LeRobot's decoder expects: a camera slower than the control loop holds its
// last image; rows before a camera's first image repeat that first image. Pure; used live and on replay.
export class CameraRows {
  private latest: Uint8Array | undefined;
  private owed = 0;

  /** Feed one row with this camera's new image, if any; returns the images to emit, in row order. */
  row(image: Uint8Array | undefined): Uint8Array[] {
    const out: Uint8Array[] = [];
    if (image) {
      if (!this.latest) for (let i = 0; i < this.owed; i++) out.push(image);
      this.owed = 0;
      this.latest = image;
    }
    if (this.latest) out.push(this.latest);
    else this.owed++;
    return out;
  }

  /** True once the camera has delivered an image. */
  get started(): boolean {
    return this.latest !== undefined;
  }
}
