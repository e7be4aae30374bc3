// A bar chart (chart.js) over a canvas, with a text summary for screen readers.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js'
import { useEffect, useRef } from 'preact/hooks'

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip)

export interface Series {
  label: string
  values: number[]
  color: string
}

export function BarChart(props: {
  id: string
  title: string
  labels: string[]
  series: Series[]
  stacked?: boolean
  horizontal?: boolean
}) {
  const canvas = useRef<HTMLCanvasElement>(null)
  const { labels, series, stacked = false, horizontal = false } = props
  useEffect(() => {
    if (!canvas.current) {
      return
    }
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels,
        datasets: series.map((s) => ({ label: s.label, data: s.values, backgroundColor: s.color })),
      },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        animation: false,
        maintainAspectRatio: false,
        plugins: { legend: { display: series.length > 1 } },
        scales: {
          x: { stacked, ticks: { color: '#1a1a1a' } },
          y: { stacked, beginAtZero: true, ticks: { color: '#1a1a1a', precision: 0 } },
        },
      },
    })
    return () => chart.destroy()
  }, [JSON.stringify(labels), JSON.stringify(series), stacked, horizontal])
  const total = series.reduce((sum, s) => sum + s.values.reduce((a, b) => a + b, 0), 0)
  const summary = `${props.title}: ${total} in all over ${labels.length} ${horizontal ? 'rows' : 'bars'}`
  return (
    <figure class="chart-box">
      <figcaption id={`${props.id}-title`}>{props.title}</figcaption>
      <div class="chart">
        <canvas
          ref={canvas}
          role="img"
          aria-label={summary}
          data-testid={props.id}
          data-total={total}
        />
      </div>
    </figure>
  )
}
