"""Our Gi* and kernel density agree with PySAL (esda) and scikit-learn on a real police.uk grid.

The sample is every distinct location of Worcester city centre's street-level crime and ASB for
June 2025 (longitude, latitude, incidents there), from data.police.uk.
Contains public sector information licensed under the Open Government Licence v3.0.
"""

import warnings

import numpy as np
from esda.getisord import G_Local
from libpysal.weights import DistanceBand
from sklearn.neighbors import KernelDensity

from joinedup.intelligence.analysis.density import kernel_density
from joinedup.intelligence.analysis.gistar import getis_ord_gi_star
from joinedup.intelligence.analysis.grid import grid_for_points, lonlat_to_bng

WORCESTER_CENTRE_JUNE_2025 = """
-2.205115,52.196566,1 -2.205498,52.187302,1 -2.206193,52.186063,1 -2.206328,52.183654,1
-2.207448,52.182294,2 -2.208030,52.184846,1 -2.208151,52.185574,1 -2.208592,52.189161,1
-2.208705,52.191480,3 -2.208800,52.186724,2 -2.208947,52.183748,1 -2.209287,52.193951,1
-2.209463,52.193978,3 -2.209542,52.189069,1 -2.210021,52.194544,2 -2.210387,52.194534,1
-2.210674,52.193257,1 -2.210738,52.185246,1 -2.210954,52.190658,1 -2.211217,52.199972,1
-2.211480,52.193552,9 -2.211569,52.184660,1 -2.211577,52.192482,1 -2.211586,52.188220,1
-2.212121,52.199224,1 -2.212137,52.187231,1 -2.212298,52.190260,1 -2.212495,52.188677,1
-2.212603,52.192849,1 -2.212775,52.186052,1 -2.212835,52.180226,1 -2.212998,52.186762,1
-2.213181,52.188406,1 -2.213480,52.189808,3 -2.213972,52.197827,2 -2.214270,52.183658,1
-2.214279,52.191587,2 -2.214566,52.193421,2 -2.214794,52.189141,1 -2.214913,52.195596,2
-2.215118,52.189707,1 -2.215119,52.192781,5 -2.215173,52.191864,2 -2.215385,52.190308,2
-2.215463,52.194998,1 -2.215491,52.191225,1 -2.215571,52.195666,3 -2.215998,52.190127,1
-2.216277,52.196456,2 -2.216302,52.192464,1 -2.216320,52.190208,1 -2.216779,52.191250,1
-2.216890,52.187051,8 -2.216961,52.192697,2 -2.216982,52.194546,3 -2.217139,52.184048,1
-2.217154,52.199143,1 -2.217178,52.189073,2 -2.217318,52.193874,13 -2.217643,52.188425,1
-2.217743,52.186134,6 -2.218015,52.195842,2 -2.218022,52.197172,1 -2.218116,52.186482,1
-2.218206,52.192946,2 -2.218269,52.193836,3 -2.218486,52.187417,1 -2.218576,52.192291,5
-2.218621,52.194015,7 -2.218625,52.197854,1 -2.218654,52.191813,1 -2.218662,52.193422,3
-2.218747,52.189826,3 -2.218791,52.184045,1 -2.218885,52.191264,7 -2.218995,52.192639,5
-2.219065,52.195102,4 -2.219198,52.189483,7 -2.219465,52.193133,2 -2.219503,52.185895,6
-2.219579,52.186525,4 -2.219633,52.188610,3 -2.219715,52.199372,1 -2.219925,52.182604,1
-2.219963,52.193258,8 -2.220116,52.191684,29 -2.220273,52.184986,2 -2.220322,52.185885,4
-2.220354,52.192475,5 -2.220449,52.190955,7 -2.220485,52.195343,6 -2.220488,52.192834,1
-2.220828,52.187709,1 -2.220867,52.195648,2 -2.220886,52.199486,3 -2.221040,52.189255,5
-2.221089,52.193238,9 -2.221232,52.192455,7 -2.221266,52.193372,2 -2.221438,52.183869,1
-2.221533,52.194100,7 -2.221646,52.196338,1 -2.221689,52.190297,6 -2.221713,52.197939,1
-2.221806,52.181504,1 -2.221820,52.184237,2 -2.221940,52.193650,9 -2.222198,52.195501,7
-2.222251,52.191684,1 -2.222265,52.194215,5 -2.222596,52.192846,5 -2.222798,52.192686,2
-2.223038,52.193782,5 -2.223079,52.190294,2 -2.223083,52.196929,2 -2.223119,52.195454,2
-2.223425,52.192127,1 -2.223636,52.193386,2 -2.223863,52.197845,1 -2.224264,52.196434,11
-2.224402,52.194553,2 -2.224492,52.197744,2 -2.224768,52.191666,1 -2.224857,52.191927,2
-2.224882,52.191136,4 -2.224917,52.195172,3 -2.224955,52.191091,1 -2.225050,52.192538,1
-2.225188,52.193679,2 -2.225377,52.196277,16 -2.225798,52.190037,4 -2.226045,52.198335,2
-2.226350,52.192068,3 -2.226390,52.194271,2 -2.226512,52.192328,3 -2.226626,52.197435,3
-2.227643,52.196039,2 -2.227678,52.199959,1 -2.228404,52.197020,1 -2.228501,52.197800,1
-2.229926,52.199899,1 -2.231303,52.190845,8 -2.231972,52.193010,1 -2.232031,52.187391,2
-2.232239,52.190753,1 -2.232414,52.185196,1 -2.232477,52.194358,2 -2.232643,52.186922,3
-2.232950,52.189825,1 -2.232957,52.191138,1 -2.232991,52.189178,4 -2.233939,52.180285,1
-2.234311,52.195469,2 -2.234697,52.188141,3 -2.234850,52.189390,4
"""


def sample_points():
    rows = np.array([item.split(",") for item in WORCESTER_CENTRE_JUNE_2025.split()], dtype=float)
    easting, northing = lonlat_to_bng(rows[:, 0], rows[:, 1])
    return easting, northing, rows[:, 2]


def test_the_sample_is_a_real_month_of_worcester_city_centre():
    easting, _, incidents = sample_points()
    assert len(easting) == 155
    assert incidents.sum() == 446


def test_gi_star_z_scores_and_p_values_match_esda_with_binary_distance_band_weights():
    easting, northing, incidents = sample_points()
    grid = grid_for_points(easting, northing, cell_size_m=100)
    counts = grid.counts(easting, northing, weights=incidents)
    ours = getis_ord_gi_star(counts, cell_size_m=100, distance_band_m=250)

    centres = np.column_stack([a.ravel() for a in grid.centres()])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # libpysal warns about the grid's disconnected corners
        weights = DistanceBand(centres, threshold=250, binary=True, silence_warnings=True)
    theirs = G_Local(counts.ravel(), weights, transform="B", star=True, permutations=0)

    assert counts.size > 400
    np.testing.assert_allclose(ours.z.ravel(), theirs.Zs, rtol=0, atol=1e-9)
    # esda's p_norm is one-sided; ours is two-sided.
    np.testing.assert_allclose(ours.p.ravel(), 2 * theirs.p_norm, rtol=0, atol=1e-12)


def test_gi_star_on_a_masked_area_matches_esda_over_the_cells_in_the_area():
    easting, northing, incidents = sample_points()
    grid = grid_for_points(easting, northing, cell_size_m=100)
    rows, columns = np.indices(grid.shape)
    mask = (rows + columns) < (grid.rows + grid.columns) * 0.6  # a ragged study area
    counts = grid.counts(easting, northing, weights=incidents)
    ours = getis_ord_gi_star(counts, cell_size_m=100, distance_band_m=300, mask=mask)

    easting_centres, northing_centres = grid.centres()
    centres = np.column_stack([easting_centres[mask], northing_centres[mask]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        weights = DistanceBand(centres, threshold=300, binary=True, silence_warnings=True)
    theirs = G_Local(counts[mask], weights, transform="B", star=True, permutations=0)

    np.testing.assert_allclose(ours.z[mask], theirs.Zs, rtol=0, atol=1e-9)
    assert np.isnan(ours.z[~mask]).all()


def test_epanechnikov_density_matches_scikit_learn_at_the_cell_centres():
    easting, northing, incidents = sample_points()
    grid = grid_for_points(easting, northing, cell_size_m=50)
    ours = kernel_density(grid, easting, northing, bandwidth_m=300, weights=incidents, kernel="epanechnikov")

    model = KernelDensity(kernel="epanechnikov", bandwidth=300).fit(
        np.column_stack([easting, northing]), sample_weight=incidents
    )
    centres = np.column_stack([a.ravel() for a in grid.centres()])
    theirs = np.exp(model.score_samples(centres)).reshape(grid.shape)

    # scikit-learn gives a probability density per square metre: ours is incidents per km².
    ours_as_probability = ours / 1e6 / incidents.sum()
    reached = theirs > 1e-9 * theirs.max()
    np.testing.assert_allclose(ours_as_probability[reached], theirs[reached], rtol=1e-6)
    assert np.abs(ours_as_probability[~reached]).max() < 1e-9 * theirs.max()
