// Replaces the hotspot page's static map image with a Leaflet map of the same cells.
// Without JavaScript (or Leaflet) the image and the table of top cells stay as they are.
(function () {
  const element = document.getElementById('hotspot-map')
  if (!element || !window.L) return
  const layers = JSON.parse(document.getElementById('hotspot-map-layers').textContent)
  const settings = JSON.parse(document.getElementById('hotspot-map-settings').textContent)
  // Cold (-3) to hot (+3), as the key and the downloadable images.
  const colours = ['#4575b5', '#849eba', '#c0ccbe', '#f5f5f5', '#fab984', '#ed7551', '#d62f27']

  element.replaceChildren()
  element.classList.add('app-map')
  const map = L.map(element, { scrollWheelZoom: false, attributionControl: true })
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>')
  if (settings.tiles) {
    L.tileLayer(settings.tiles, { maxZoom: 19, attribution: settings.attribution }).addTo(map)
  }
  map.attributionControl.addAttribution('Contains public sector information licensed under the Open Government Licence v3.0')

  const bounds = L.latLngBounds([])
  const cells = L.geoJSON(JSON.parse(layers.cells), {
    style: function (feature) {
      const props = feature.properties
      const level = props.gi_class === undefined ? 0 : props.gi_class
      return {
        color: '#505a5f',
        weight: 0.5,
        fillColor: colours[level + 3],
        fillOpacity: level === 0 ? 0.35 : 0.75
      }
    },
    onEachFeature: function (feature, layer) {
      const props = feature.properties
      const lines = [props.incidents + ' incidents']
      if (props.gi_label) lines.push(props.gi_label + ' (z ' + props.gi_z.toFixed(2) + ')')
      if (props.pattern_label && props.pattern) lines.push(props.pattern_label)
      layer.bindTooltip(lines.join('<br>'), { sticky: true })
    }
  }).addTo(map)
  bounds.extend(cells.getBounds())
  if (layers.focus) {
    const focus = L.geoJSON(JSON.parse(layers.focus), {
      style: { color: '#0b0c0c', weight: 3, fillOpacity: 0 },
      interactive: false
    }).addTo(map)
    bounds.extend(focus.getBounds())
  }
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [12, 12] })
})()
