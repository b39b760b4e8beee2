"""tech-ice-coverage toolkit: validate and release the dataset of the ICEout.Tech letter's coverage."""
