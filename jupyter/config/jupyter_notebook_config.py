# Read by the classic Notebook (6.x) when `npm start` puts this folder on JUPYTER_CONFIG_PATH.
# Nothing is installed globally: the learner's own ~/.jupyter config is still read and outranks this file.
c = get_config()  # noqa: F821 (Jupyter provides get_config when it loads this file)

# The course kernel for a notebook that names no kernel and for a kernel started without a name, and the
# only one in the New menu (the course has no Python lessons; see jupyter_server_config.py).
c.MappingKernelManager.default_kernel_name = "private-clustering-ts"
c.KernelSpecManager.allowed_kernelspecs = {"private-clustering-ts"}
c.KernelSpecManager.ensure_native_kernel = False
c.KernelManager.shutdown_wait_time = 2.0
