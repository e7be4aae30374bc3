// Impossible travel on an offline world map (world-atlas outline, d3-geo): both sign-ins, the
// great-circle path between them, and the speed against the threshold.
import { geoGraticule10, geoNaturalEarth1, geoPath } from 'd3-geo'
import { feature } from 'topojson-client'
import type { GeometryCollection, Topology } from 'topojson-specification'
import world from 'world-atlas/countries-110m.json'

export interface Place {
  city: string | null
  country: string | null
  lat: number
  lon: number
  at: string | null
}

export interface Travel {
  from: Place
  to: Place
  km: number | null
  hours: number | null
  kmh: number | null
  thresholdKmh: number | null
}

const WIDTH = 900
const HEIGHT = 460
const topology = world as unknown as Topology<{ countries: GeometryCollection }>
const countries = feature(topology, topology.objects.countries)

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null
}

function placeOf(v: unknown): Place | null {
  if (typeof v !== 'object' || v === null) {
    return null
  }
  const p = v as Record<string, unknown>
  const lat = num(p.lat)
  const lon = num(p.lon)
  return lat === null || lon === null
    ? null
    : { city: str(p.city), country: str(p.country), lat, lon, at: str(p.at) }
}

/** The two places and the numbers from an impossible-travel finding's details, if it has them. */
export function travelOf(details: Record<string, unknown>): Travel | null {
  const from = placeOf(details.from)
  const to = placeOf(details.to)
  if (!from || !to) {
    return null
  }
  return {
    from,
    to,
    km: num(details.km),
    hours: num(details.hours),
    kmh: num(details.kmh),
    thresholdKmh: num(details.thresholdKmh),
  }
}

function label(p: Place): string {
  return (
    [p.city, p.country].filter(Boolean).join(', ') || `${p.lat.toFixed(2)}, ${p.lon.toFixed(2)}`
  )
}

export function TravelMap({ travel }: { travel: Travel }) {
  const { from, to } = travel
  const route = {
    type: 'LineString' as const,
    coordinates: [
      [from.lon, from.lat],
      [to.lon, to.lat],
    ],
  }
  const projection = geoNaturalEarth1().fitExtent(
    [
      [10, 10],
      [WIDTH - 10, HEIGHT - 10],
    ],
    { type: 'Sphere' },
  )
  const path = geoPath(projection)
  const a = projection([from.lon, from.lat]) ?? [0, 0]
  const b = projection([to.lon, to.lat]) ?? [0, 0]
  const over =
    travel.kmh !== null && travel.thresholdKmh !== null && travel.kmh > travel.thresholdKmh
  const title = `Travel from ${label(from)} to ${label(to)}`
  return (
    <figure class="travel">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby="travel-title"
        data-testid="travel-map"
      >
        <title id="travel-title">{title}</title>
        <path class="sphere" d={path({ type: 'Sphere' }) ?? ''} />
        <path class="graticule" d={path(geoGraticule10()) ?? ''} />
        {countries.features.map((f, i) => (
          <path key={i} class="country" d={path(f) ?? ''} />
        ))}
        <path class="route" d={path(route) ?? ''} data-testid="travel-route" />
        {[
          { p: from, xy: a, kind: 'from' },
          { p: to, xy: b, kind: 'to' },
        ].map(({ p, xy, kind }) => (
          <g key={kind} class={`pin pin-${kind}`} transform={`translate(${xy[0]},${xy[1]})`}>
            <circle r="6" />
            <text x="9" y={kind === 'from' ? -8 : 16} data-testid={`travel-${kind}`}>
              {label(p)}
            </text>
          </g>
        ))}
      </svg>
      <figcaption>
        <dl class="facts">
          <dt>From</dt>
          <dd>
            {label(from)} {from.at && <time>{from.at}</time>}
          </dd>
          <dt>To</dt>
          <dd>
            {label(to)} {to.at && <time>{to.at}</time>}
          </dd>
          <dt>Distance</dt>
          <dd>{travel.km ?? '?'} km</dd>
          <dt>Time between</dt>
          <dd>{travel.hours ?? '?'} h</dd>
          <dt>Speed</dt>
          <dd data-testid="travel-speed" class={over ? 'over' : undefined}>
            {travel.kmh ?? '?'} km/h against a threshold of {travel.thresholdKmh ?? '?'} km/h
            {over && ' — faster than possible'}
          </dd>
        </dl>
      </figcaption>
    </figure>
  )
}
