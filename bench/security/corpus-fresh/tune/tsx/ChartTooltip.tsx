import { useEffect, useRef } from 'react';
import * as d3 from 'd3';

export interface Point {
  x: number;
  y: number;
  label: string;
}

export function ScatterChart({ points, width = 480, height = 320 }: { points: Point[]; width?: number; height?: number }) {
  const svgRef = useRef<SVGSVGElement>(null);
  const tipRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const svg = d3.select(svgRef.current);
    const tip = d3.select(tipRef.current);
    const x = d3.scaleLinear().domain(d3.extent(points, (d) => d.x) as [number, number]).range([0, width]);
    const y = d3.scaleLinear().domain(d3.extent(points, (d) => d.y) as [number, number]).range([height, 0]);
    svg
      .selectAll('circle')
      .data(points)
      .join('circle')
      .attr('cx', (d) => x(d.x))
      .attr('cy', (d) => y(d.y))
      .attr('r', 4)
      .on('mouseenter', (_event, d) => {
        tip.style('opacity', 1).html(`<b>${d.label}</b><br/>${d.x}, ${d.y}`);
      })
      .on('mouseleave', () => tip.style('opacity', 0));
    svg.selectAll('text.label').data(points).join('text').attr('class', 'label').text((d) => d.label);
  }, [points, width, height]);

  return (
    <div className="chart">
      <svg ref={svgRef} width={width} height={height} />
      <div ref={tipRef} className="chart-tip" />
    </div>
  );
}
