/** Apache ECharts, only the parts the pages use (bars, lines, a mark line for the quota), drawn on a canvas. */
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, AriaComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'preact/hooks';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, AriaComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

/** A chart with its summary in words beneath (ECharts' aria component describes the series to screen readers). */
export function Chart({ option, label, id }: { option: ChartOption; label: string; id: string }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = echarts.init(el.current!, undefined, { renderer: 'canvas' });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => { window.removeEventListener('resize', resize); chart.dispose(); };
  }, []);
  useEffect(() => {
    echarts.getInstanceByDom(el.current!)?.setOption({ aria: { enabled: true }, animation: false, ...option }, true);
  }, [option]);
  return <figure class="chart-figure"><div class="chart" id={id} ref={el} /><figcaption>{label}</figcaption></figure>;
}
