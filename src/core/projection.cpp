#include "projection.h"

#include <Eigen/Eigenvalues>

namespace capiton {

Plane2D principal_plane(const Matrix& rows) {
    Plane2D r;
    const Eigen::Index n = rows.rows(), d = rows.cols();
    r.points = Matrix::Zero(n, 2);
    r.axes = Matrix::Zero(2, d);
    if (n == 0 || d == 0) return r;
    // covariance of the centred rows (d, d), in double
    const Eigen::MatrixXd x = rows.cast<double>();
    const Eigen::MatrixXd c = x.rowwise() - x.colwise().mean();
    const Eigen::MatrixXd cov = (c.transpose() * c) / static_cast<double>(n);
    // eigenvalues come in increasing order: the last two columns are the plane
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(cov);
    const double total = cov.trace();
    double shown = 0.0;
    for (int k = 0; k < 2 && k < d; ++k) {
        Eigen::VectorXd axis = eig.eigenvectors().col(d - 1 - k);
        Eigen::Index big = 0;
        axis.cwiseAbs().maxCoeff(&big);
        if (axis(big) < 0) axis = -axis;
        r.axes.row(k) = axis.transpose().cast<float>();
        r.points.col(k) = (c * axis).cast<float>();
        shown += std::max(0.0, eig.eigenvalues()(d - 1 - k));
    }
    r.explained = total > 0.0 ? static_cast<float>(shown / total) : 0.0f;
    return r;
}

}  // namespace capiton
