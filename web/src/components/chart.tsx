import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

// only what the dashboard draws, so the bundle carries no more of Chart.js than that
Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  CategoryScale,
  LinearScale,
  Tooltip,
  Legend,
);
Chart.defaults.color = '#1f2937';
Chart.defaults.font.family = 'system-ui, sans-serif';

/**
 * A chart with its data as a table beside it: the canvas is for the eye, the table for screen readers,
 * keyboards and anyone who wants the numbers.
 */
export function ChartFigure({
  title,
  config,
  children,
}: {
  title: string;
  config: ChartConfiguration;
  children: ComponentChildren;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      ...config,
      options: { responsive: true, maintainAspectRatio: false, animation: false, ...config.options },
    });
    return () => chart.destroy();
  }, [config]);
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <div class="canvas-box">
        <canvas
          ref={canvas}
          role="img"
          aria-label={`${title}: chart; the same numbers are in the table below`}
        />
      </div>
      <details>
        <summary>Numbers</summary>
        {children}
      </details>
    </figure>
  );
}
