import { useEffect, useRef, useState } from 'react';
import { useStudio } from '../../state/context';

/** Frames per second sent to the recorder; the dataset holds the last frame between them. */
const PUSH_HZ = 15;

/**
 * A USB webcam through the browser (getUserMedia): previewed here and, while `sending`, scaled to the
 * dataset's size and pushed to the recorder as RGB. Permission errors are explained, not swallowed.
 */
export function Webcam({ width, height, sending }: { width: number; height: number; sending: boolean }) {
  const { api } = useStudio();
  const videoRef = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [pushed, setPushed] = useState(0);

  useEffect(() => {
    let stream: MediaStream | null = null;
    let cancelled = false;
    if (!navigator.mediaDevices) {
      setError('This page cannot use cameras (it needs a secure context: localhost or https).');
      return;
    }
    navigator.mediaDevices
      .getUserMedia({ video: { width: { ideal: width * 2 }, height: { ideal: height * 2 } }, audio: false })
      .then((s) => {
        if (cancelled) {
          for (const t of s.getTracks()) t.stop();
          return;
        }
        stream = s;
        if (videoRef.current) {
          videoRef.current.srcObject = s;
          void videoRef.current.play();
        }
      })
      .catch((e: DOMException) =>
        setError(
          e.name === 'NotAllowedError'
            ? 'The camera permission was refused. Allow the camera for this page (the icon in the address bar), then tick the box again.'
            : e.name === 'NotFoundError'
              ? 'No camera found. Plug in a USB webcam and tick the box again.'
              : `The camera could not start: ${e.message}`,
        ),
      );
    return () => {
      cancelled = true;
      for (const t of stream?.getTracks() ?? []) t.stop();
    };
  }, [width, height]);

  useEffect(() => {
    if (!sending) return;
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    const rgb = new Uint8Array(width * height * 3);
    let busy = false;
    const timer = setInterval(() => {
      const video = videoRef.current;
      if (!ctx || !video || video.readyState < 2 || busy) return;
      ctx.drawImage(video, 0, 0, width, height);
      const rgba = ctx.getImageData(0, 0, width, height).data;
      for (let p = 0, q = 0; q < rgba.length; p += 3, q += 4) {
        rgb[p] = rgba[q];
        rgb[p + 1] = rgba[q + 1];
        rgb[p + 2] = rgba[q + 2];
      }
      let binary = '';
      for (let i = 0; i < rgb.length; i += 0x8000) binary += String.fromCharCode(...rgb.subarray(i, i + 0x8000));
      busy = true;
      api
        .call('camera.push', { camera: 'webcam', width, height, rgb: btoa(binary) })
        .then(() => setPushed((n) => n + 1))
        .catch((e) => setError(e.message))
        .finally(() => {
          busy = false;
        });
    }, 1000 / PUSH_HZ);
    return () => clearInterval(timer);
  }, [api, sending, width, height]);

  return (
    <div className="webcam">
      <video ref={videoRef} muted playsInline data-testid="webcam-preview" />
      <span className="muted" data-testid="webcam-frames">
        {error ?? (sending ? `${pushed} frames sent` : 'preview')}
      </span>
    </div>
  );
}
