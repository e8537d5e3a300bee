// The public map of reports: loads the points in view from the GeoJSON endpoint as the map moves.
// The list on the same page has every report without JavaScript.
(function () {
  const section = document.getElementById('reports-map-section')
  if (!section || !window.L) return
  const settings = JSON.parse(document.getElementById('reports-map-settings').textContent)
  const status = document.getElementById('reports-map-status')
  section.hidden = false

  const map = L.map('reports-map', { scrollWheelZoom: false })
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>')
  if (settings.tiles) {
    L.tileLayer(settings.tiles, { maxZoom: 19, attribution: settings.attribution }).addTo(map)
  }
  map.attributionControl.addAttribution('Boundaries: ONS, OS © Crown copyright; Martin Chorley, CC BY 4.0')
  L.geoJSON(JSON.parse(settings.outline), {
    style: { color: '#1d70b8', weight: 2, fillOpacity: 0 },
    interactive: false
  }).addTo(map)
  const points = L.layerGroup().addTo(map)

  // Built from DOM nodes, never HTML strings: category and ward names are data.
  function popup (props) {
    const box = document.createElement('div')
    const title = document.createElement('strong')
    title.textContent = props.category
    box.appendChild(title)
    const lines = [props.status + ', reported ' + props.reported]
    if (props.ward) lines.push(props.ward + ' ward')
    if (props.approximate) lines.push('Approximate location')
    lines.forEach(function (text) {
      const line = document.createElement('div')
      line.textContent = text
      box.appendChild(line)
    })
    const link = document.createElement('a')
    link.href = props.url
    link.textContent = 'See report ' + props.reference
    box.appendChild(link)
    return box
  }

  function marker (feature, latlng) {
    const colour = feature.properties.open ? '#d4351c' : '#00703c'
    if (feature.properties.approximate) {
      // Drawn as an area, not a point: the report is somewhere in it.
      return L.circle(latlng, { radius: 250, color: colour, weight: 2, dashArray: '4 4', fillOpacity: 0.1 })
    }
    return L.circleMarker(latlng, { radius: 7, color: '#0b0c0c', weight: 1, fillColor: colour, fillOpacity: 0.9 })
  }

  let pending = null
  function load () {
    const b = map.getBounds()
    if (b.getEast() - b.getWest() > settings.max_degrees || b.getNorth() - b.getSouth() > settings.max_degrees) {
      points.clearLayers()
      status.textContent = 'Zoom in to see reports on the map.'
      return
    }
    const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return v.toFixed(5) }).join(',')
    if (pending) pending.abort()
    pending = new AbortController()
    fetch(settings.geojson + '?bbox=' + bbox, { signal: pending.signal, headers: { Accept: 'application/geo+json' } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(new Error(response.status)) })
      .then(function (data) {
        points.clearLayers()
        L.geoJSON(data, {
          pointToLayer: marker,
          onEachFeature: function (feature, layer) { layer.bindPopup(popup(feature.properties)) }
        }).addTo(points)
        const count = data.features.length
        status.textContent = count === 1 ? '1 report on the map.' : count + ' reports on the map. Red: open; green: dealt with.'
      })
      .catch(function (error) {
        if (error.name !== 'AbortError') status.textContent = 'The map could not load reports. The list below has them all.'
      })
  }

  const b = settings.bounds
  if (b) {
    map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { padding: [8, 8] })
  } else {
    map.setView([54, -2], 6)
  }
  map.on('moveend', load)
  load()
})()
