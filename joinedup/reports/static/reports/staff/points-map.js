// Draws report points with Leaflet, each linking to its report, over the outlines of their wards, so
// the map makes sense with no tile server. Without JavaScript the page's list or summary says the same.
(function () {
  const element = document.getElementById('report-map')
  if (!element || !window.L) return
  const points = JSON.parse(document.getElementById('report-map-points').textContent) || []
  const settings = JSON.parse(document.getElementById('report-map-settings').textContent) || {}
  const areas = JSON.parse(document.getElementById('report-map-areas').textContent)
  element.textContent = ''

  const colours = { New: '#1d70b8', Acknowledged: '#1d70b8', 'In progress': '#4c2c92', Resolved: '#00703c', Closed: '#505a5f' }
  const outline = areas
    ? L.geoJSON(JSON.parse(areas), {
      style: { color: '#1d70b8', weight: 2, fillColor: '#1d70b8', fillOpacity: 0.05 },
      interactive: false
    })
    : null
  const markers = points.map(function (point) {
    const marker = L.circleMarker([point.latitude, point.longitude], {
      radius: 7, color: '#0b0c0c', weight: 1, fillColor: colours[point.status] || '#1d70b8', fillOpacity: 0.9
    })
    const label = point.reference + ': ' + point.category + ' (' + point.status + ')'
    if (point.url) {
      const link = document.createElement('a')
      link.href = point.url
      link.className = 'govuk-link'
      link.textContent = label
      marker.bindPopup(link)
    } else {
      marker.bindTooltip(label)
    }
    return marker
  })

  // Leaflet draws vector layers only once the map has a view, so set it before adding any.
  const bounds = L.latLngBounds(points.map(function (point) { return [point.latitude, point.longitude] }))
  // One report: show it within its ward; many: fit the reports themselves.
  if (outline && points.length <= 1) bounds.extend(outline.getBounds())
  const map = L.map(element, { scrollWheelZoom: false })
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>')
  map.attributionControl.addAttribution('Boundaries: ONS, OS © Crown copyright; Martin Chorley, CC BY 4.0')
  if (bounds.isValid()) {
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 17 })
  } else {
    map.setView([52.19, -2.22], 13)
  }
  if (settings.tiles) {
    L.tileLayer(settings.tiles, { maxZoom: 19, attribution: settings.attribution }).addTo(map)
  }
  if (outline) outline.addTo(map)
  markers.forEach(function (marker) { marker.addTo(map) })
})()
