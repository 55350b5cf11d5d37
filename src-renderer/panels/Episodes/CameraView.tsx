import { useEffect, useRef, useState } from 'react';
import { useReplay, useStudio } from '../../state/context';

/** Frames are decoded from the episode's video in blocks around the cursor. */
const BLOCK = 30;

/** One camera of the open episode, showing the frame at the timeline cursor. */
export function CameraView({ path, episode, camera }: { path: string; episode: number; camera: string }) {
  const { api } = useStudio();
  const { frame } = useReplay();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const cache = useRef(new Map<number, ImageData>());
  const loading = useRef(new Set<number>());
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new episode or camera starts a new cache
  useEffect(() => {
    cache.current = new Map();
    loading.current = new Set();
    setError(null);
  }, [path, episode, camera]);

  // `version` changes when a block of frames arrives, so the frame at the cursor is drawn then.
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the redraw trigger
  useEffect(() => {
    const block = Math.floor(frame / BLOCK) * BLOCK;
    const image = cache.current.get(frame);
    const canvas = canvasRef.current;
    if (image && canvas) {
      canvas.width = image.width;
      canvas.height = image.height;
      canvas.getContext('2d')?.putImageData(image, 0, 0);
    }
    if (cache.current.has(frame) || loading.current.has(block)) return;
    loading.current.add(block);
    api
      .call('dataset.frames', { path, index: episode, camera, from: block, count: BLOCK })
      .then((r) => {
        r.frames.forEach((b64, i) => {
          const rgb = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
          const rgba = new Uint8ClampedArray(r.width * r.height * 4);
          for (let p = 0, q = 0; p < rgb.length; p += 3, q += 4) {
            rgba[q] = rgb[p];
            rgba[q + 1] = rgb[p + 1];
            rgba[q + 2] = rgb[p + 2];
            rgba[q + 3] = 255;
          }
          cache.current.set(r.from + i, new ImageData(rgba, r.width, r.height));
        });
        setVersion((v) => v + 1);
      })
      .catch((e) => setError(e.message))
      .finally(() => loading.current.delete(block));
  }, [api, path, episode, camera, frame, version]);

  return (
    <figure className="camera-view">
      <canvas ref={canvasRef} data-testid={`camera-${camera}`} />
      <figcaption>{error ? <span className="bad">{error}</span> : `${camera} · frame ${frame + 1}`}</figcaption>
    </figure>
  );
}
